// `bun run build`: builds the provider packages and the host, always, and records what the build
// was made from so that `bun run start` can reuse it while nothing changes.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { buildStampPath, computeBuildFingerprint, type BuildStamp } from './lib/build-fingerprint'

const repoRoot = resolve(import.meta.dir, '..')

export function buildAll(): void {
  // Hashed before building, so an edit made while the build runs makes the next start rebuild.
  const fingerprint = computeBuildFingerprint(repoRoot)
  run(['bash', 'scripts/build-packages.sh'], repoRoot)
  run(['bun', '--bun', 'nuxt', 'build'], resolve(repoRoot, 'apps/or3-chat'))
  const stamp: BuildStamp = { fingerprint, builtAt: new Date().toISOString() }
  writeFileSync(buildStampPath(repoRoot), `${JSON.stringify(stamp, null, 2)}\n`)
}

function run(cmd: string[], cwd: string): void {
  const result = Bun.spawnSync(cmd, { cwd, stdio: ['inherit', 'inherit', 'inherit'] })
  if (result.exitCode !== 0) {
    console.error(`OR3: the build failed (${cmd.join(' ')} exited with ${result.exitCode}); see the output above.`)
    process.exit(result.exitCode ?? 1)
  }
}

if (import.meta.main) buildAll()
