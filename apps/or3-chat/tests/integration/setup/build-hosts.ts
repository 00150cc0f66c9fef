import { existsSync } from 'node:fs'
import {
  CLERK_HOST_DIR,
  CLERK_HOST_SERVER_ENTRY,
  CONVEX_HOST_DIR,
  CONVEX_HOST_SERVER_ENTRY,
  FIXTURE_HOST_DIR,
  FIXTURE_SERVER_ENTRY,
  HOST_DIR,
  HOST_SERVER_ENTRY,
} from '../support/paths'

/**
 * Builds, once per run, the real host (embedded providers), the test-providers host, the Clerk
 * host (the app plus or3-provider-clerk) and the Convex host (the app plus or3-provider-convex and
 * or3-provider-clerk, for the clerk-convex and basic-auth-convex presets). Set
 * OR3_TEST_REUSE_BUILD=1 to reuse existing builds while iterating locally; CI always builds.
 */
export default async function buildHosts() {
  // The integration and e2e projects share this setup; build once per run.
  if (process.env.OR3_HOSTS_BUILT_THIS_RUN === '1') return
  build(HOST_DIR, HOST_SERVER_ENTRY)
  build(FIXTURE_HOST_DIR, FIXTURE_SERVER_ENTRY)
  build(CLERK_HOST_DIR, CLERK_HOST_SERVER_ENTRY)
  build(CONVEX_HOST_DIR, CONVEX_HOST_SERVER_ENTRY)
  process.env.OR3_HOSTS_BUILT_THIS_RUN = '1'
}

function build(dir: string, entry: string) {
  if (process.env.OR3_TEST_REUSE_BUILD === '1' && existsSync(entry)) return
  const result = Bun.spawnSync(['bun', '--bun', 'nuxt', 'build'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  if (result.exitCode !== 0) {
    throw new Error(`Building ${dir} failed:\n${result.stdout.toString()}\n${result.stderr.toString()}`)
  }
}
