import { existsSync } from 'node:fs'
import { FIXTURE_HOST_DIR, FIXTURE_SERVER_ENTRY } from '../support/paths'

/**
 * Builds the test-providers host once per run. Set OR3_TEST_REUSE_BUILD=1 to reuse an existing
 * build while iterating locally; CI always builds fresh.
 */
export default async function buildFixtureHost() {
  if (process.env.OR3_TEST_REUSE_BUILD === '1' && existsSync(FIXTURE_SERVER_ENTRY)) return
  const build = Bun.spawnSync(['bun', '--bun', 'nuxt', 'build'], {
    cwd: FIXTURE_HOST_DIR,
    env: { ...process.env, NODE_ENV: 'production' },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  if (build.exitCode !== 0) {
    throw new Error(`Building the fixture host failed:\n${build.stdout.toString()}\n${build.stderr.toString()}`)
  }
}
