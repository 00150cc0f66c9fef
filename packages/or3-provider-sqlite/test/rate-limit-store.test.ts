import { createTestClock } from 'or3-provider-kit/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteRateLimitStore, openDatabase } from '../src/runtime/index'
import { createTempDatabase, type TempDatabase } from './support/temp-database'

const temps: TempDatabase[] = []
afterEach(() => {
  for (const temp of temps.splice(0)) temp.dispose()
})

describe('sqlite rate-limit store', () => {
  it('two connections to one file share each window', async () => {
    const temp = createTempDatabase()
    temps.push(temp)
    const other = openDatabase(temp.path)
    try {
      const clock = createTestClock()
      const stores = [temp.db, other].map((db) => createSqliteRateLimitStore({ db, now: clock.now }))
      const decisions = []
      for (let i = 0; i < 20; i++) decisions.push(await stores[i % 2]!.consume('ip:1', { windowMs: 60_000, limit: 10 }))
      expect(decisions.filter((d) => d.allowed), 'the limit holds across instances').toHaveLength(10)
      expect(new Set(decisions.map((d) => d.resetAt)).size, 'one window for both').toBe(1)
    } finally {
      other.close()
    }
  })

  it('purges windows that have ended', async () => {
    const clock = createTestClock()
    const db = openDatabase(':memory:')
    const store = createSqliteRateLimitStore({ db, now: clock.now, purgeEveryMs: 1000 })
    for (let i = 0; i < 5; i++) await store.consume(`key-${i}`, { windowMs: 500, limit: 1 })
    clock.advance(1000)
    await store.consume('fresh', { windowMs: 500, limit: 1 })
    expect(db.query('SELECT key FROM rate_limits').all(), 'only the live window is left').toEqual([{ key: 'fresh' }])
  })

  it('refuses nonsense options with VALIDATION', async () => {
    const store = createSqliteRateLimitStore({ db: openDatabase(':memory:') })
    await expect(store.consume('', { windowMs: 1000, limit: 1 })).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(store.consume('k', { windowMs: 0, limit: 1 })).rejects.toMatchObject({ code: 'VALIDATION' })
  })
})
