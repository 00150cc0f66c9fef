// `bun run start`: builds when the checkout changed since the last build (or there is none), then
// serves OR3. Listens on localhost unless HOST says otherwise.
import { resolve } from 'node:path'
import { buildAll } from './build'
import { computeBuildFingerprint, isBuildCurrent, readBuildStamp } from './lib/build-fingerprint'

const repoRoot = resolve(import.meta.dir, '..')

const fingerprint = computeBuildFingerprint(repoRoot)
if (isBuildCurrent(repoRoot, fingerprint)) {
  console.log(`OR3: nothing changed since the build of ${readBuildStamp(repoRoot)!.builtAt}; starting it (bun run build forces a new one).`)
} else {
  console.log('OR3: building (first start, or the sources, lockfile or providers changed) ...')
  buildAll()
}

const server = Bun.spawn(['bun', '.output/server/index.mjs'], {
  cwd: resolve(repoRoot, 'apps/or3-chat'),
  env: { ...process.env, HOST: process.env.HOST ?? '127.0.0.1' },
  stdio: ['inherit', 'inherit', 'inherit'],
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal))
process.exit(await server.exited)
