import { describe, expect, it } from 'vitest'
import { buildOr3CloudConfig } from '../../shared/config/build-or3-cloud-config'
import { PRESET_NAMES } from '../../shared/config/presets'

describe('defaults follow what is selected', () => {
  it('never names Convex unless Convex is selected', () => {
    for (const preset of PRESET_NAMES.filter((p) => !p.includes('convex'))) {
      const config = buildOr3CloudConfig({ OR3_PRESET: preset }, ['basic-auth', 'sqlite', 'fs', 'clerk', 'convex'])
      expect(JSON.stringify(config), preset).not.toContain('convex')
    }
  })

  it('keeps limits and jobs with the sync provider when it offers them, else in memory', () => {
    const embedded = buildOr3CloudConfig({ OR3_PRESET: 'embedded' }, [])
    expect(embedded.limits.storageProvider).toBe('sqlite')
    expect(embedded.backgroundStreaming.storageProvider).toBe('sqlite')
    expect(embedded.auth.workspaceProvider).toBe('sqlite')
    const postgres = buildOr3CloudConfig({ OR3_AUTH_PROVIDER: 'basic-auth', OR3_SYNC_PROVIDER: 'postgres' }, [])
    expect([postgres.limits.storageProvider, postgres.backgroundStreaming.storageProvider, postgres.auth.workspaceProvider]).toEqual([
      'postgres',
      'postgres',
      'postgres',
    ])
    const custom = buildOr3CloudConfig({ OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test' }, [])
    expect(custom.limits.storageProvider).toBe('memory')
    expect(custom.backgroundStreaming.storageProvider).toBe('memory')
  })

  it('selects installed providers when nothing is set, and runs local-only with none', () => {
    const installed = buildOr3CloudConfig({}, ['fs', 'sqlite', 'basic-auth'])
    expect(installed).toMatchObject({
      enabled: true,
      auth: { provider: 'basic-auth' },
      sync: { provider: 'sqlite' },
      storage: { provider: 'fs' },
    })
    const both = buildOr3CloudConfig({}, ['basic-auth', 'postgres', 'sqlite'])
    expect(both.sync.provider, 'the embedded database wins when both are installed and nothing is set').toBe('sqlite')
    const s3Only = buildOr3CloudConfig({}, ['basic-auth', 'sqlite', 's3'])
    expect(s3Only.storage.provider, 'an installed S3 provider stores the files').toBe('s3')
    const disks = buildOr3CloudConfig({}, ['basic-auth', 'sqlite', 's3', 'fs'])
    expect(disks.storage.provider, 'the local disk wins when both are installed and nothing is set').toBe('fs')
    expect(buildOr3CloudConfig({ OR3_STORAGE_PROVIDER: 's3' }, ['basic-auth', 'sqlite', 's3', 'fs']).storage.provider).toBe('s3')
    const none = buildOr3CloudConfig({}, [])
    expect(none).toMatchObject({ enabled: false, auth: { provider: null }, sync: { provider: null } })
    expect(none.limits.storageProvider).toBe('memory')
  })

  it('is strict in production and with a preset, lenient otherwise unless asked', () => {
    expect(buildOr3CloudConfig({ NODE_ENV: 'production' }, []).strict).toBe(true)
    expect(buildOr3CloudConfig({ OR3_PRESET: 'local' }, []).strict).toBe(true)
    expect(buildOr3CloudConfig({}, []).strict).toBe(false)
    expect(buildOr3CloudConfig({ NODE_ENV: 'production', OR3_STRICT: 'false' }, []).strict).toBe(false)
  })

  it('caps event streams per user and re-checks them, 20 streams and 15 s unless set', () => {
    expect(buildOr3CloudConfig({}, []).eventStreams).toEqual({ maxPerUser: 20, recheckMs: 15_000 })
    const set = buildOr3CloudConfig({ OR3_EVENT_STREAMS_PER_USER: '4', OR3_EVENT_STREAM_RECHECK_SECONDS: '2' }, [])
    expect(set.eventStreams).toEqual({ maxPerUser: 4, recheckMs: 2_000 })
  })

  it('titles threads with the answering model unless OR3_TITLE_MODEL names one or is off', () => {
    expect(buildOr3CloudConfig({}, []).llm.titleModel).toBe('answer-model')
    expect(buildOr3CloudConfig({ OR3_TITLE_MODEL: 'openai/gpt-4o-mini' }, []).llm.titleModel).toBe('openai/gpt-4o-mini')
    expect(buildOr3CloudConfig({ OR3_TITLE_MODEL: 'OFF' }, []).llm.titleModel).toBeNull()
  })

  it('lets an explicit variable win over the preset, and none turn a surface off', () => {
    const config = buildOr3CloudConfig({ OR3_PRESET: 'embedded', OR3_STORAGE_PROVIDER: 'none' }, [])
    expect(config.storage).toMatchObject({ enabled: false, provider: null })
    expect(config.sync.provider).toBe('sqlite')
  })
})

describe('bad env values are refused with the variable named', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ OR3_PRESET: 'cloudy' }, /OR3_PRESET must be one of local, embedded/],
    [{ OR3_LIMITS_PER_MINUTE: 'many' }, /OR3_LIMITS_PER_MINUTE must be a whole number/],
    [{ OR3_STRICT: 'maybe' }, /OR3_STRICT must be true or false/],
    [{ OR3_EVENT_STREAMS_PER_USER: '0' }, /OR3_EVENT_STREAMS_PER_USER must be/],
    [{ OR3_REGISTRATION: 'invite' }, /OR3_REGISTRATION must be one of open, closed/],
    [{ OR3_SYNC_PROVIDER: '../x' }, /OR3_SYNC_PROVIDER must be a provider id/],
    [{ OR3_CLOUD: 'on' }, /OR3_CLOUD is on but no auth provider is selected/],
  ]
  for (const [env, message] of cases) {
    it(Object.keys(env).join(','), () => {
      expect(() => buildOr3CloudConfig(env, [])).toThrow(message)
    })
  }
})
