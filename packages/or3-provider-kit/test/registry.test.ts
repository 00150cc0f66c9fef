import { afterEach, describe, expect, it } from 'vitest'
import type { SyncGatewayAdapter } from '../src/contracts/server.ts'
import { isProviderError } from '../src/errors.ts'
import { createRegistry, getServerRegistries, registerSyncGateway, type ProviderFactoryContext } from '../src/registry.ts'
import { createMemorySyncGateway } from '../src/testing/index.ts'

const context = { config: {}, env: {} } as unknown as ProviderFactoryContext

describe('createRegistry', () => {
  it('creates an instance on the first resolve and caches it', () => {
    const registry = createRegistry<{ n: number }>('thing')
    let calls = 0
    registry.register('a', () => ({ n: ++calls }))
    const first = registry.resolve('a', context)
    expect(registry.resolve('a', context)).toBe(first)
    expect(calls).toBe(1)
  })

  it('passes the factory context through', () => {
    const registry = createRegistry<string>('thing')
    registry.register('a', (ctx) => ctx.env.GREETING ?? 'none')
    expect(registry.resolve('a', { ...context, env: { GREETING: 'hi' } })).toBe('hi')
  })

  it('throws NOT_CONFIGURED, naming the kind and id, for an unregistered id', () => {
    const registry = createRegistry<string>('sync adapter')
    let caught: unknown
    try {
      registry.resolve('convex', context)
    } catch (error) {
      caught = error
    }
    expect(isProviderError(caught)).toBe(true)
    expect((caught as { code: string }).code).toBe('NOT_CONFIGURED')
    expect((caught as Error).message).toContain("sync adapter 'convex'")
  })

  it('drops the cached instance when an id is registered again', () => {
    const registry = createRegistry<string>('thing')
    registry.register('a', () => 'old')
    expect(registry.resolve('a', context)).toBe('old')
    registry.register('a', () => 'new')
    expect(registry.resolve('a', context)).toBe('new')
  })

  it('lists ids sorted, answers has(), and forgets everything on reset()', () => {
    const registry = createRegistry<string>('thing')
    registry.register('b', () => 'b')
    registry.register('a', () => 'a')
    expect(registry.ids()).toEqual(['a', 'b'])
    expect([registry.has('a'), registry.has('c')]).toEqual([true, false])
    registry.reset()
    expect(registry.ids()).toEqual([])
    expect(() => registry.resolve('a', context)).toThrow()
  })

  it('refuses an empty id', () => {
    expect(() => createRegistry<string>('thing').register('', () => 'x')).toThrow()
  })
})

describe('server registries', () => {
  afterEach(() => getServerRegistries().sync.reset())

  it('are one set per process, filled by the register helpers', () => {
    expect(getServerRegistries()).toBe(getServerRegistries())
    const gateway: SyncGatewayAdapter = createMemorySyncGateway()
    registerSyncGateway('memory', () => gateway)
    expect(getServerRegistries().sync.resolve('memory', context)).toBe(gateway)
  })
})
