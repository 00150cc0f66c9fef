// Installs the host into a clean temporary folder from PACKED tarballs of the kit and the chosen
// provider packages (as a deployment would get them from a registry), then builds, type-checks
// and boots it, and proves that provider SDKs it did not choose are absent from node_modules and
// from the build output.
//
//   bun scripts/matrix/host-from-tarballs.ts <combination> [--packages <dir>]
//
// Combinations are listed in ./combinations.ts. `--packages` packs the OR3 packages from another
// folder than the repository's packages/ (the matrix's own test uses it to prove that a broken
// tarball fails the run).
//
// Third-party packages resolve to the versions in the workspace's bun.lock (written into the
// temporary host's overrides), so the matrix proves our packages, not whatever the registry
// published today; `bun run canary` is the run that looks at today's registry.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { compareLocks, overridesFromLock, readLockedVersions } from '../lib/locked-versions'
import { COMBINATIONS, type Combination } from './combinations'
import { findForbiddenPackages, findForbiddenReferences } from './absent-sdks'

const repoRoot = resolve(import.meta.dir, '../..')
const hostSource = join(repoRoot, 'apps/or3-chat')
const workspaceLock = join(repoRoot, 'bun.lock')

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { packages: { type: 'string', default: join(repoRoot, 'packages') } },
})
const name = positionals[0]
const combination = name ? COMBINATIONS[name] : undefined
if (!combination) {
  console.error(`usage: bun scripts/matrix/host-from-tarballs.ts <${Object.keys(COMBINATIONS).join('|')}> [--packages <dir>]`)
  process.exit(2)
}
const packagesDir = resolve(values.packages!)

const work = mkdtempSync(join(tmpdir(), `or3-matrix-${name}-`))
try {
  await runCombination(combination, work)
  console.log(`matrix ${name}: OK`)
} finally {
  if (process.env.OR3_KEEP_MATRIX !== '1') rmSync(work, { recursive: true, force: true })
}

async function runCombination(combo: Combination, dir: string) {
  const tarballs = join(dir, 'tarballs')
  mkdirSync(tarballs)
  const packed: Record<string, string> = {}
  for (const pkg of ['or3-provider-kit', ...combo.providers]) {
    packed[pkg] = pack(join(packagesDir, pkg), tarballs)
  }

  const host = join(dir, 'host')
  cpSync(hostSource, host, {
    recursive: true,
    filter: (src) => !/\/(?:node_modules|\.nuxt|\.output|tests|\.data)(?:\/|$)/.test(src.slice(hostSource.length)),
  })
  const manifest = JSON.parse(readFileSync(join(host, 'package.json'), 'utf8'))
  // The combination decides which providers the host has: drop the workspace's, add the tarballs.
  manifest.dependencies = Object.fromEntries(
    Object.entries(manifest.dependencies).filter(([pkg]) => !pkg.startsWith('or3-provider-')),
  )
  for (const [pkg, file] of Object.entries(packed)) manifest.dependencies[pkg] = `file:${file}`
  const locked = overridesFromLock(workspaceLock, (pkg) => pkg.startsWith('or3-'))
  manifest.overrides = { ...manifest.overrides, ...locked.overrides }
  writeFileSync(join(host, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  writeFileSync(
    join(host, 'or3.providers.generated.ts'),
    `export const or3ProviderModules: string[] = ${JSON.stringify(combo.providers.map((p) => `${p}/nuxt`))}\n`,
  )

  // The overrides above are the lock; this install may write the host's own lockfile from them.
  run(['bun', 'install'], host, 'install')
  reportDrift(host, locked.unpinned)
  const forbiddenInstalled = findForbiddenPackages(join(host, 'node_modules'), combo.absentSdks)
  if (forbiddenInstalled.length) throw new Error(`SDKs that were not chosen are installed: ${forbiddenInstalled.join(', ')}`)

  run(['bun', '--bun', 'nuxt', 'build'], host, 'build')
  run(['bun', '--bun', 'nuxt', 'typecheck'], host, 'typecheck')
  const forbiddenBuilt = findForbiddenReferences(join(host, '.output'), combo.absentSdks)
  if (forbiddenBuilt.length) throw new Error(`The build output references absent SDKs:\n${forbiddenBuilt.join('\n')}`)

  await bootAndProbe(host, combo)
}

/** Says which third-party packages resolved outside the workspace lock (only nested copies can). */
function reportDrift(host: string, unpinned: string[]) {
  const moves = compareLocks(readLockedVersions(workspaceLock), readLockedVersions(join(host, 'bun.lock')))
  if (moves.length === 0) {
    console.log(`  lock: every third-party version is one of the workspace lock's`)
    return
  }
  console.warn(
    `  lock: ${moves.length} package(s) resolved outside the workspace lock (${unpinned.length} have several locked versions and cannot be pinned by top-level overrides):\n` +
      moves.map((m) => `    ${m.name}: locked ${m.locked.join(', ') || '(none)'}, resolved ${m.resolved.join(', ')}`).join('\n'),
  )
}

function pack(packageDir: string, destination: string): string {
  if (!existsSync(join(packageDir, 'dist'))) throw new Error(`${packageDir} is not built: run bun run build:packages`)
  const before = new Set(readdirSync(destination))
  run(['bun', 'pm', 'pack', '--destination', destination, '--quiet'], packageDir, `pack ${packageDir}`)
  const created = readdirSync(destination).find((f) => !before.has(f) && f.endsWith('.tgz'))
  if (!created) throw new Error(`packing ${packageDir} produced no tarball`)
  return join(destination, created)
}

function run(cmd: string[], cwd: string, what: string) {
  const started = Date.now()
  const result = Bun.spawnSync(cmd, { cwd, stdout: 'pipe', stderr: 'pipe', env: { ...process.env, CI: 'true' } })
  if (result.exitCode !== 0) {
    throw new Error(`${what} failed (${cmd.join(' ')}):\n${result.stdout.toString()}\n${result.stderr.toString()}`)
  }
  console.log(`  ${what}: ok (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

async function bootAndProbe(host: string, combo: Combination) {
  const port = 20000 + Math.floor(Math.random() * 20000)
  const proc = Bun.spawn(['bun', '.output/server/index.mjs'], {
    cwd: host,
    env: { ...process.env, ...combo.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', OR3_DATA_DIR: join(host, '.data') },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  try {
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/auth/session`)
        const session = (await response.json()) as { cloudEnabled: boolean }
        if (session.cloudEnabled !== combo.expectCloud) {
          throw new Error(`expected cloudEnabled ${combo.expectCloud}, got ${session.cloudEnabled}`)
        }
        console.log(`  boot: ok (cloudEnabled ${session.cloudEnabled})`)
        return
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('expected')) throw error
        if (proc.exitCode !== null) throw new Error(`server exited: ${await new Response(proc.stderr).text()}`, { cause: error })
        await Bun.sleep(200)
      }
    }
    throw new Error('server did not answer within 20 s')
  } finally {
    proc.kill()
    await proc.exited
  }
}
