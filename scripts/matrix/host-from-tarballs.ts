// Installs the host into a clean temporary folder from PACKED tarballs of the kit and the chosen
// provider packages (as a deployment would get them from a registry), then builds, type-checks
// and boots it, and proves that provider SDKs it did not choose are absent from node_modules and
// from the build output.
//
//   bun scripts/matrix/host-from-tarballs.ts <combination>
//
// Combinations are listed in ./combinations.ts.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { COMBINATIONS, type Combination } from './combinations'
import { findForbiddenPackages, findForbiddenReferences } from './absent-sdks'

const repoRoot = resolve(import.meta.dir, '../..')
const hostSource = join(repoRoot, 'apps/or3-chat')

const name = process.argv[2]
const combination = name ? COMBINATIONS[name] : undefined
if (!combination) {
  console.error(`usage: bun scripts/matrix/host-from-tarballs.ts <${Object.keys(COMBINATIONS).join('|')}>`)
  process.exit(2)
}

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
    packed[pkg] = pack(join(repoRoot, 'packages', pkg), tarballs)
  }

  const host = join(dir, 'host')
  cpSync(hostSource, host, {
    recursive: true,
    filter: (src) => !/\/(node_modules|\.nuxt|\.output|tests|\.data)(\/|$)/.test(src.slice(hostSource.length)),
  })
  const manifest = JSON.parse(readFileSync(join(host, 'package.json'), 'utf8'))
  // The combination decides which providers the host has: drop the workspace's, add the tarballs.
  for (const pkg of Object.keys(manifest.dependencies)) {
    if (pkg.startsWith('or3-provider-')) delete manifest.dependencies[pkg]
  }
  for (const [pkg, file] of Object.entries(packed)) manifest.dependencies[pkg] = `file:${file}`
  writeFileSync(join(host, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  writeFileSync(
    join(host, 'or3.providers.generated.ts'),
    `export const or3ProviderModules: string[] = ${JSON.stringify(combo.providers.map((p) => `${p}/nuxt`))}\n`,
  )

  run(['bun', 'install'], host, 'install')
  const forbiddenInstalled = findForbiddenPackages(join(host, 'node_modules'), combo.absentSdks)
  if (forbiddenInstalled.length) throw new Error(`SDKs that were not chosen are installed: ${forbiddenInstalled.join(', ')}`)

  run(['bun', '--bun', 'nuxt', 'build'], host, 'build')
  run(['bun', '--bun', 'nuxt', 'typecheck'], host, 'typecheck')
  const forbiddenBuilt = findForbiddenReferences(join(host, '.output'), combo.absentSdks)
  if (forbiddenBuilt.length) throw new Error(`The build output references absent SDKs:\n${forbiddenBuilt.join('\n')}`)

  await bootAndProbe(host, combo)
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
        if (proc.exitCode !== null) throw new Error(`server exited: ${await new Response(proc.stderr).text()}`)
        await Bun.sleep(200)
      }
    }
    throw new Error('server did not answer within 20 s')
  } finally {
    proc.kill()
    await proc.exited
  }
}
