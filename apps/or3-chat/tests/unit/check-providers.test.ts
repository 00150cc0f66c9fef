import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryRateLimitStore, getServerRegistries } from 'or3-provider-kit/server'
import { buildOr3CloudConfig } from '../../shared/config/build-or3-cloud-config'
import { describeProviders, findFallbacks, findRegistrationProblems } from '../../server/core/boot/check-providers'
import { bootProviders, ProviderBootError } from '../../server/core/boot/boot-server'

const registries = getServerRegistries()
const silent = { info: () => {}, warn: () => {} }

beforeEach(() => {
  for (const registry of Object.values(registries)) registry.reset()
})

describe('boot check', () => {
  it('names the missing package and the line to add', () => {
    const config = buildOr3CloudConfig({ OR3_PRESET: 'clerk-convex' }, [])
    const problems = findRegistrationProblems(config, registries)
    expect(problems.find((p) => p.setting === 'sync.provider')?.message).toBe(
      "sync.provider is 'convex' but no sync adapter 'convex' is registered: install or3-provider-convex " +
        "and add 'or3-provider-convex/nuxt' to or3.providers.generated.ts",
    )
    expect(problems.map((p) => p.setting)).toContain('auth.provider')
  })

  it('finds nothing to complain about once every configured id is registered', () => {
    const config = buildOr3CloudConfig({ OR3_AUTH_PROVIDER: 'a', OR3_SYNC_PROVIDER: 's', OR3_STORAGE_PROVIDER: 'none' }, [])
    registries.auth.register('a', () => ({ id: 'a', getSession: async () => null }))
    registries.workspaces.register('s', () => ({ id: 's' }) as never)
    expect(findRegistrationProblems(config, registries).map((p) => p.setting)).toEqual(['sync.provider'])
    registries.sync.register('s', () => ({ id: 's' }) as never)
    expect(findRegistrationProblems(config, registries)).toEqual([])
  })

  it('stops a strict server and only warns a lenient one', () => {
    const strict = buildOr3CloudConfig({ OR3_PRESET: 'embedded' }, [])
    expect(() => bootProviders(strict, {}, silent)).toThrow(ProviderBootError)
    const warnings: string[] = []
    const lenient = buildOr3CloudConfig({ OR3_PRESET: 'embedded', OR3_STRICT: 'false' }, [])
    const active = bootProviders(lenient, {}, { info: () => {}, warn: (m: string) => warnings.push(m) })
    expect(warnings.join('\n')).toContain("no auth provider 'basic-auth' is registered")
    expect(active.sync).toBeNull()
    expect(active.limits.id).toBe('memory')
    // A lenient server says what runs instead of each missing provider, not only that it is missing.
    expect(warnings.join('\n')).toContain(
      "limits.storageProvider 'sqlite' is not installed: using this process's memory instead (it resets on restart and is not shared between server instances)",
    )
    expect(warnings.join('\n')).toContain("sync.provider 'sqlite' is not installed: that surface is off")
    expect(findFallbacks(lenient, active).map((f) => [f.setting, f.using])).toEqual([
      ['auth.provider', null],
      ['auth.workspaceProvider', null],
      ['sync.provider', null],
      ['storage.provider', null],
      ['limits.storageProvider', 'memory'],
      ['backgroundStreaming.storageProvider', 'memory'],
    ])
    expect(describeProviders(lenient, active)).toContain('limits: memory, jobs: memory (lenient: 6 configured provider(s) not installed')
  })

  it('resolves each provider once and caches it', () => {
    let made = 0
    registries.limits.register('counted', () => {
      made++
      return createMemoryRateLimitStore()
    })
    const config = buildOr3CloudConfig({ OR3_LIMITS_PROVIDER: 'counted' }, [])
    bootProviders(config, {}, silent)
    bootProviders(config, {}, silent)
    expect(made).toBe(1)
  })
})

describe('boot line', () => {
  it('names every surface of the embedded default', () => {
    const config = buildOr3CloudConfig({ OR3_PRESET: 'embedded' }, [])
    const named = <T>(id: string) => () => ({ id }) as T
    registries.auth.register('basic-auth', named('basic-auth'))
    registries.workspaces.register('sqlite', named('sqlite'))
    registries.sync.register('sqlite', named('sqlite'))
    registries.storage.register('fs', named('fs'))
    registries.limits.register('sqlite', named('sqlite'))
    registries.jobs.register('sqlite', named('sqlite'))
    const active = bootProviders(config, {}, silent)
    expect(describeProviders(config, active)).toBe('OR3 providers: auth: basic-auth, sync: sqlite, storage: fs, limits: sqlite, jobs: sqlite')
    expect(findFallbacks(config, active)).toEqual([])
  })

  it('says local-only when cloud is off', () => {
    const config = buildOr3CloudConfig({}, [])
    expect(describeProviders(config, bootProviders(config, {}, silent))).toContain('local-only')
  })
})
