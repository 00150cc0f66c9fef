// Regressions of the kit's memory limiter beyond what the conformance suite pins.
import { describe, expect, it } from 'vitest'
import { createMemoryRateLimitStore } from '../src/memory/rate-limit-store.ts'
import { createTestClock } from '../src/testing/fixtures.ts'

describe('createMemoryRateLimitStore with maxKeys', () => {
  it('renewing an expired window does not evict another key that is still limited', async () => {
    const clock = createTestClock()
    const store = createMemoryRateLimitStore({ now: clock.now, maxKeys: 2 })
    expect((await store.consume('long', { windowMs: 1000, limit: 1 })).allowed).toBe(true)
    expect((await store.consume('short', { windowMs: 10, limit: 1 })).allowed).toBe(true)
    clock.advance(20)
    expect((await store.consume('short', { windowMs: 10, limit: 1 })).allowed, 'a new window for short').toBe(true)
    expect((await store.consume('long', { windowMs: 1000, limit: 1 })).allowed, 'long is still limited').toBe(false)
  })

  it('makes room for a new key by dropping expired windows first, then the oldest', async () => {
    const clock = createTestClock()
    const store = createMemoryRateLimitStore({ now: clock.now, maxKeys: 2 })
    await store.consume('expired', { windowMs: 10, limit: 1 })
    await store.consume('live', { windowMs: 1000, limit: 1 })
    clock.advance(20)
    await store.consume('new', { windowMs: 1000, limit: 1 })
    expect((await store.consume('live', { windowMs: 1000, limit: 1 })).allowed, 'the live window survived').toBe(false)
  })
})
