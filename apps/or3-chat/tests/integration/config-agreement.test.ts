import { describe, expect, it } from 'vitest'
import { or3CloudConfigFor } from '../../config.or3cloud'
import { PRESET_NAMES } from '../../shared/config/presets'
import { HOST_DIR, HOST_SERVER_ENTRY } from './support/paths'
import { runUntilExit } from './support/start-server'

/** What the spawned server's process.env will be (start-server adds NODE_ENV=production). */
const asServerEnv = (env: Record<string, string>) => ({ ...process.env, NODE_ENV: 'production', ...env })

/** The config the BUILT host resolves from `env`, read through its check mode. */
async function serverConfig(env: Record<string, string>) {
  const { exitCode, output } = await runUntilExit({ entry: HOST_SERVER_ENTRY, cwd: HOST_DIR, env: { ...env, OR3_CHECK_CONFIG: '1' } })
  expect(exitCode, output).toBe(0)
  const line = output.split('\n').find((l) => l.startsWith('{'))
  if (!line) throw new Error(`the check printed no config:\n${output}`)
  return JSON.parse(line)
}

// config.or3cloud.ts (the build-time view) and the running server must be built by one function
// from the same env, so their defaults cannot drift. Lenient, so presets whose providers this
// host does not include still boot far enough to answer.
describe('config.or3cloud.ts agrees with the built server', () => {
  for (const preset of [...PRESET_NAMES, undefined]) {
    it(`for preset ${preset ?? '(none)'}`, async () => {
      const env: Record<string, string> = { OR3_STRICT: 'false', ...(preset ? { OR3_PRESET: preset } : {}) }
      expect(await serverConfig(env)).toEqual(or3CloudConfigFor(asServerEnv(env)))
    })
  }

  it('also for explicit overrides of every section', async () => {
    const env = {
      OR3_STRICT: 'false',
      OR3_PRESET: 'embedded',
      OR3_REGISTRATION: 'closed',
      OR3_LIMITS_PER_MINUTE: '42',
      OR3_STORAGE_MAX_FILE_MB: '3',
      OR3_BACKGROUND_ENABLED: 'false',
      OR3_LLM_DEFAULT_MODEL: 'local/model',
      OR3_ALLOWED_ORIGINS: 'https://chat.example.org',
    }
    expect(await serverConfig(env)).toEqual(or3CloudConfigFor(asServerEnv(env)))
  })
})
