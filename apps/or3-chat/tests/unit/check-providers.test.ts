import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryRateLimitStore, getServerRegistries } from 'or3-provider-kit/server'
import { buildOr3CloudConfig } from '../../shared/config/build-or3-cloud-config'
import { describeProviders, findRegistrationProblems } from '../../server/core/boot/check-providers'
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
    expect(describeProviders(buildOr3CloudConfig({ OR3_PRESET: 'embedded' }, []))).toBe(
      'OR3 providers: auth: basic-auth, sync: sqlite, storage: fs, limits: sqlite, jobs: sqlite',
    )
  })

  it('says local-only when cloud is off', () => {
    expect(describeProviders(buildOr3CloudConfig({}, []))).toContain('local-only')
  })
})
