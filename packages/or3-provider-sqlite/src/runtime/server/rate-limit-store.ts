import type { RateLimitStore } from 'or3-provider-kit'
import { defineRateLimitStore, mapSqliteError } from 'or3-provider-kit/server'
import { resolveStoreDatabase, type SqliteStoreOptions } from './store-options'

export interface SqliteRateLimitStoreOptions extends SqliteStoreOptions {
  /** How often (ms of store time) windows that have ended are deleted. Default one minute. */
  purgeEveryMs?: number
}

/**
 * Fixed-window counters shared by every server process on the database file. One upsert both
 * counts and decides, so concurrent callers (in any process) can never overshoot the limit.
 */
export function createSqliteRateLimitStore(options: SqliteRateLimitStoreOptions): RateLimitStore {
  const db = resolveStoreDatabase(options, 'The SQLite rate-limit store')
  const now = options.now ?? Date.now
  const purgeEveryMs = options.purgeEveryMs ?? 60_000
  let nextPurgeAt = now() + purgeEveryMs

  // A window that has ended starts again at 1. The count stops at limit + 1: past that, only
  // "denied" matters, and the value cannot grow without bound under a flood.
  const consume = db.prepare<{ count: number; reset_at: number }, [string, number, number, number]>(
    `INSERT INTO rate_limits (key, count, reset_at) VALUES (?1, 1, ?2 + ?3)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN reset_at <= ?2 THEN 1 ELSE MIN(count + 1, ?4 + 1) END,
       reset_at = CASE WHEN reset_at <= ?2 THEN ?2 + ?3 ELSE reset_at END
     RETURNING count, reset_at`,
  )
  const purge = db.prepare<never, [number]>('DELETE FROM rate_limits WHERE reset_at <= ?')

  return defineRateLimitStore({
    id: 'sqlite',
    mapError: mapSqliteError,
    consume(key, { windowMs, limit }) {
      const at = now()
      if (at >= nextPurgeAt) {
        nextPurgeAt = at + purgeEveryMs
        purge.run(at)
      }
      const row = consume.get(key, at, windowMs, limit)!
      const allowed = row.count <= limit
      return { allowed, remaining: allowed ? limit - row.count : 0, resetAt: row.reset_at }
    },
  })
}
