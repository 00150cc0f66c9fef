import { createTestClock } from 'or3-provider-kit/testing'
import { describe, expect, it } from 'vitest'
import { createPostgresRateLimitStore } from '../src/runtime/index'
import { useTwoInstances } from './support/instances'

const twoInstances = useTwoInstances()

describe('postgres rate-limit store across instances', () => {
  it('two instances counting at once share each window', async () => {
    const [a, b] = await twoInstances()
    const clock = createTestClock()
    const stores = [a, b].map((db) => createPostgresRateLimitStore({ db, now: clock.now }))
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) => stores[i % 2]!.consume('ip:1', { windowMs: 60_000, limit: 10 })),
    )
    expect(decisions.filter((d) => d.allowed), 'the limit holds across instances').toHaveLength(10)
    expect(new Set(decisions.map((d) => d.resetAt)).size, 'one window for both').toBe(1)
  })

  it('purges windows that have ended', async () => {
    const [db] = await twoInstances()
    const clock = createTestClock()
    const store = createPostgresRateLimitStore({ db, now: clock.now, purgeEveryMs: 1000 })
    for (let i = 0; i < 5; i++) await store.consume(`key-${i}`, { windowMs: 500, limit: 1 })
    clock.advance(1000)
    await store.consume('fresh', { windowMs: 500, limit: 1 })
    expect([...(await db.sql`SELECT key FROM rate_limits`)], 'only the live window is left').toEqual([{ key: 'fresh' }])
  })
})
