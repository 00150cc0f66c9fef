import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareLocks, readLockedVersions } from '../lib/locked-versions'
import { createTempHost, packAll, repoRoot } from '../matrix/temp-host'

// The setup wizard as a deployment runs it: a clean host from packed tarballs, `--yes` and flags.
// (Every preset also goes through it in the matrix, which builds and runs each one.)

const CLERK = {
  NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from('clerk.example.com$').toString('base64')}`,
  NUXT_CLERK_SECRET_KEY: 'sk_live_wizard_test_secret_value',
}

const work = mkdtempSync(join(tmpdir(), 'or3-wizard-'))
const tarballs = join(work, 'tarballs')
let host = ''
// A host with its node_modules and build takes a while to remove on a busy machine.
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000)

beforeAll(() => {
  packAll(join(repoRoot, 'packages'), tarballs)
  host = createTempHost(work, tarballs)
}, 180_000)

function wizard(args: string[], env: Record<string, string> = {}) {
  const result = Bun.spawnSync(['bun', '--no-env-file', 'scripts/or3-cloud/main.ts', 'init', ...args], {
    cwd: host,
    env: { ...process.env, ...env },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  return { exitCode: result.exitCode, output: `${result.stdout.toString()}${result.stderr.toString()}` }
}

/** Everything the wizard may change, as bytes. */
function files() {
  const read = (path: string) => (existsSync(join(host, path)) ? readFileSync(join(host, path), 'utf8') : null)
  return { manifest: read('package.json'), lock: read('bun.lock'), modules: read('or3.providers.generated.ts'), env: read('.env'), backend: existsSync(join(host, 'convex-backend')) }
}

const dependencies = () => Object.keys(JSON.parse(readFileSync(join(host, 'package.json'), 'utf8')).dependencies).filter((pkg) => pkg.startsWith('or3-provider-'))
const installed = (pkg: string) => existsSync(join(host, 'node_modules', pkg, 'package.json'))
const env = () => parseEnv(readFileSync(join(host, '.env'), 'utf8'))

describe('or3-cloud init in a clean host, with --yes', () => {
  it('refuses bad input in one sentence, with exit code 2, and writes nothing', () => {
    const before = files()
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--preset', 'firebase', '--yes'], {}, /^Unknown preset 'firebase': choose one of local, embedded, clerk-convex, basic-auth-convex, clerk-sqlite\.$/],
      [['--preset', 'clerk-sqlite', '--yes', '--packages', tarballs, '--set', 'OR3_ALLOWED_ORIGINS=https://chat.example.com'], { NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: CLERK.NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY }, /^NUXT_CLERK_SECRET_KEY is required here/],
      [['--preset', 'basic-auth-convex', '--yes', '--packages', tarballs, '--set', 'OR3_CONVEX_URL=ftp://nope'], {}, /^OR3_CONVEX_URL must be an http\(s\) URL/],
      [['--auth', 'none', '--sync', 'sqlite', '--yes'], {}, /^Sync and storage need sign-in/],
      [['--preset', 'embedded', '--yes', '--set', 'sk_live_pasted_without_a_name'], {}, /^--set takes KEY=VALUE/],
      [['--preset', 'embedded'], {}, /^There is no terminal to ask in/],
      [['--preset', 'embedded', '--yes', '--packages', join(work, 'missing')], {}, /^--packages names a folder that does not exist/],
    ]
    for (const [args, extraEnv, sentence] of cases) {
      const { exitCode, output } = wizard(args, extraEnv)
      expect(exitCode, output).toBe(2)
      expect(output.trim(), args.join(' ')).toMatch(sentence)
      expect(output.trim().split('\n'), 'one sentence').toHaveLength(1)
      expect(output).not.toContain('sk_live_pasted_without_a_name')
    }
    expect(files()).toEqual(before)
  }, 60_000)

  it('shows the plan on --dry-run, with secrets hidden, and changes nothing', () => {
    const before = files()
    const { exitCode, output } = wizard(['--preset', 'clerk-sqlite', '--yes', '--dry-run', '--packages', tarballs, '--set', 'OR3_ALLOWED_ORIGINS=https://chat.example.com'], CLERK)
    expect(exitCode, output).toBe(0)
    expect(output).toContain('Preset clerk-sqlite: auth clerk, sync sqlite, storage fs')
    expect(output).toMatch(/\+ or3-provider-clerk.*\+ or3-provider-sqlite.*\+ or3-provider-fs/)
    expect(output).toContain('NUXT_CLERK_SECRET_KEY = •••••••• (secret, not shown) [environment]')
    expect(output).not.toContain(CLERK.NUXT_CLERK_SECRET_KEY)
    expect(output).toContain('Dry run: nothing was written or installed.')
    expect(files()).toEqual(before)
  }, 60_000)

  it('switches presets cleanly: packages, module list and settings follow; the person’s own lines stay', () => {
    const embedded = wizard(['--preset', 'embedded', '--yes', '--no-build', '--packages', tarballs])
    expect(embedded.exitCode, embedded.output).toBe(0)
    expect(dependencies()).toEqual(['or3-provider-basic-auth', 'or3-provider-fs', 'or3-provider-kit', 'or3-provider-sqlite'])
    expect(readFileSync(join(host, 'or3.providers.generated.ts'), 'utf8')).toContain(
      "[\n  'or3-provider-basic-auth/nuxt',\n  'or3-provider-sqlite/nuxt',\n  'or3-provider-fs/nuxt',\n]",
    )
    expect(statSync(join(host, '.env')).mode & 0o777).toBe(0o600)
    const secret = env().OR3_BASIC_AUTH_SECRET!
    expect(env()).toMatchObject({ OR3_PRESET: 'embedded', OR3_BASIC_AUTH_SECRET: expect.stringMatching(/^[\w-]{43}$/) })
    expect(embedded.output).not.toContain(secret)
    writeFileSync(join(host, '.env'), `${readFileSync(join(host, '.env'), 'utf8')}\n# mine\nOR3_LLM_BASE_URL="http://127.0.0.1:11434/v1"\n`)

    // Again with the same preset: nothing changes, the generated secret included.
    const before = files()
    expect(wizard(['--preset', 'embedded', '--yes', '--no-build', '--packages', tarballs]).exitCode).toBe(0)
    expect(files()).toEqual(before)

    const clerk = wizard(['--preset', 'clerk-sqlite', '--yes', '--no-build', '--packages', tarballs, '--set', 'OR3_ALLOWED_ORIGINS=https://chat.example.com'], CLERK)
    expect(clerk.exitCode, clerk.output).toBe(0)
    expect(clerk.output).not.toContain(CLERK.NUXT_CLERK_SECRET_KEY)
    expect(dependencies()).toEqual(['or3-provider-clerk', 'or3-provider-fs', 'or3-provider-kit', 'or3-provider-sqlite'])
    expect([installed('or3-provider-basic-auth'), installed('or3-provider-clerk')]).toEqual([false, true])
    expect(env()).toEqual({ OR3_PRESET: 'clerk-sqlite', OR3_ALLOWED_ORIGINS: 'https://chat.example.com', ...CLERK, OR3_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' })

    const local = wizard(['--preset', 'local', '--yes', '--no-build', '--packages', tarballs])
    expect(local.exitCode, local.output).toBe(0)
    expect(dependencies()).toEqual(['or3-provider-kit'])
    expect(readFileSync(join(host, 'or3.providers.generated.ts'), 'utf8')).toContain('export const or3ProviderModules: string[] = []')
    expect(env()).toEqual({ OR3_PRESET: 'local', OR3_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' })
    expect(readdirSync(join(host, 'node_modules')).filter((name) => name.startsWith('@clerk'))).toEqual([])
  }, 180_000)

  it('puts everything back when an install fails', () => {
    expect(wizard(['--preset', 'embedded', '--yes', '--no-build', '--packages', tarballs]).exitCode).toBe(0)
    const broken = join(work, 'broken-tarballs')
    cpSync(tarballs, broken, { recursive: true })
    const clerkTarball = readdirSync(broken).find((file) => file.startsWith('or3-provider-clerk-'))!
    writeFileSync(join(broken, clerkTarball), 'not a tarball')

    const before = files()
    const { exitCode, output } = wizard(['--preset', 'clerk-sqlite', '--yes', '--no-build', '--packages', broken, '--set', 'OR3_ALLOWED_ORIGINS=https://chat.example.com'], CLERK)
    expect(exitCode, output).toBe(1)
    expect(output).toMatch(/^Installing the provider packages failed .* Everything was put back as it was\.$/m)
    expect(files()).toEqual(before)
    expect([installed('or3-provider-basic-auth'), installed('or3-provider-clerk')]).toEqual([true, false])
  }, 180_000)

  it("builds and checks with the server's boot check; a setup the server refuses is put back", () => {
    const before = files()
    const refused = wizard(['--preset', 'embedded', '--yes', '--packages', tarballs, '--set', 'OR3_LIMITS_PER_MINUTE=lots'])
    expect(refused.exitCode, refused.output).toBe(1)
    expect(refused.output).toContain("The server refuses to start with this setup: OR3_LIMITS_PER_MINUTE must be a whole number ≥ 1 (got 'lots')")
    expect(files()).toEqual(before)

    const { exitCode, output } = wizard(['--preset', 'embedded', '--yes', '--packages', tarballs])
    expect(exitCode, output).toBe(0)
    expect(output).toContain('The server starts with auth basic-auth, sync sqlite, storage fs.')
    expect(output).toMatch(/Next:\n {2}bun run serve/)
  }, 300_000)

  it('sets up Convex: the backend folder, offline codegen, and what the deployment must trust', async () => {
    const { exitCode, output } = wizard(['--preset', 'basic-auth-convex', '--yes', '--no-build', '--packages', tarballs, '--set', 'OR3_CONVEX_URL=https://happy-otter-123.convex.cloud'])
    expect(exitCode, output).toBe(0)
    expect(readFileSync(join(host, 'convex-backend/convex/_generated/api.d.ts'), 'utf8')).toMatch(/typeof sync[\s\S]*typeof workspaces/)
    expect(Object.keys(JSON.parse(readFileSync(join(host, 'package.json'), 'utf8')).dependencies).filter((pkg) => pkg.startsWith('convex'))).toEqual([])
    // The backend folder deploys with exactly the convex version the provider package runs with.
    const providerConvex = JSON.parse(readFileSync(Bun.resolveSync('convex/package.json', join(host, 'node_modules/or3-provider-convex')), 'utf8')).version
    expect(JSON.parse(readFileSync(join(host, 'convex-backend/package.json'), 'utf8')).dependencies.convex).toBe(providerConvex)
    expect(output).toMatch(/created \d+ file\(s\) in convex-backend\//)
    expect(output).toMatch(/Next: build, then start:\n {2}cd convex-backend && bun run env:set --from-file deployment.env --force && .* bun run deploy\n {2}bun run build && bun run serve/)

    const deployment = parseEnv(readFileSync(join(host, 'convex-backend/deployment.env'), 'utf8'))
    const jwks = JSON.parse(Buffer.from(deployment.OR3_JWKS!.replace(/^data:application\/json;base64,/, ''), 'base64').toString('utf8'))
    // The server's own key (or3-provider-convex) and basic-auth's, read from the folder the server will use.
    const dataDir = { OR3_DATA_DIR: join(host, '.data') }
    const convex = await import(join(host, 'node_modules/or3-provider-convex/dist/runtime/index.js'))
    const basicAuth = await import(join(host, 'node_modules/or3-provider-basic-auth/dist/runtime/index.js'))
    expect(jwks.keys).toHaveLength(2)
    expect(jwks.keys).toContainEqual(convex.convexServerJwks(dataDir).keys[0])
    expect(jwks.keys).toContainEqual(basicAuth.basicAuthJwks(dataDir).keys[0])
    expect(deployment.OR3_JWT_ISSUER).toBe(convex.convexServerIssuer(dataDir))
    expect(deployment.OR3_JWT_ISSUER).toMatch(/^https?:\/\//)
  }, 180_000)
})

describe('or3-cloud init inside the OR3 workspace', () => {
  // A copy of the repository's workspace (the app and the built packages, no tests), so the real
  // checkout is never changed.
  const workspace = join(work, 'workspace')
  const app = join(workspace, 'apps/or3-chat')

  beforeAll(() => {
    const skip = /\/(?:node_modules|\.nuxt|\.output|tests|\.data|\.env)(?:\/|$)/
    cpSync(join(repoRoot, 'apps/or3-chat'), app, { recursive: true, filter: (src) => !skip.test(src.slice(repoRoot.length)) })
    cpSync(join(repoRoot, 'packages'), join(workspace, 'packages'), { recursive: true, filter: (src) => !skip.test(src.slice(repoRoot.length)) })
    cpSync(join(repoRoot, 'bun.lock'), join(workspace, 'bun.lock'))
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
    writeFileSync(join(workspace, 'package.json'), JSON.stringify({ ...manifest, workspaces: ['apps/*', 'packages/*'] }, null, 2))
    const install = Bun.spawnSync(['bun', 'install'], { cwd: workspace, stdout: 'pipe', stderr: 'pipe' })
    if (install.exitCode !== 0) throw new Error(install.stderr.toString())
  }, 180_000)

  it('installs workspace:* dependencies at the workspace root, third-party versions as the lock has them', () => {
    const lockBefore = readLockedVersions(join(workspace, 'bun.lock'))
    const result = Bun.spawnSync(
      ['bun', '--no-env-file', 'apps/or3-chat/scripts/or3-cloud/main.ts', 'init', '--preset', 'clerk-sqlite', '--yes', '--no-build', '--set', 'OR3_ALLOWED_ORIGINS=https://chat.example.com'],
      { cwd: workspace, env: { ...process.env, ...CLERK }, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' },
    )
    const output = `${result.stdout.toString()}${result.stderr.toString()}`
    expect(result.exitCode, output).toBe(0)
    expect(output).toContain('Packages (from the workspace)')
    expect(output).toMatch(/Next: build, then start:\n {2}bun run start/)
    const dependencies = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).dependencies
    expect(dependencies['or3-provider-clerk']).toBe('workspace:*')
    expect(dependencies['or3-provider-basic-auth']).toBeUndefined()
    expect(realpathSync(join(app, 'node_modules/or3-provider-clerk'))).toBe(realpathSync(join(workspace, 'packages/or3-provider-clerk')))
    expect(existsSync(join(app, 'node_modules/or3-provider-basic-auth'))).toBe(false)
    expect(compareLocks(lockBefore, readLockedVersions(join(workspace, 'bun.lock')))).toEqual([])
    expect(parseEnv(readFileSync(join(app, '.env'), 'utf8')).OR3_PRESET).toBe('clerk-sqlite')
  }, 180_000)
})
