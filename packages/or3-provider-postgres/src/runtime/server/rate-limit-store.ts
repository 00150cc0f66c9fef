import type { RateLimitStore } from 'or3-provider-kit'
import { defineRateLimitStore } from 'or3-provider-kit/server'
import { mapPostgresError } from './errors'
import { requireDatabase, type PostgresStoreOptions } from './store-options'

export interface PostgresRateLimitStoreOptions extends PostgresStoreOptions {
  /** How often (ms of store time) windows that have ended are deleted. Default one minute. */
  purgeEveryMs?: number
}

/**
 * Fixed-window counters shared by every server instance on the database. One upsert both counts
 * and decides (PostgreSQL locks the row for the update), so concurrent callers on any instance can
 * never overshoot the limit.
 */
export function createPostgresRateLimitStore(options: PostgresRateLimitStoreOptions): RateLimitStore {
  const db = requireDatabase(options, 'The PostgreSQL rate-limit store')
  const now = options.now ?? Date.now
  const purgeEveryMs = options.purgeEveryMs ?? 60_000
  let nextPurgeAt = now() + purgeEveryMs

  return defineRateLimitStore({
    id: 'postgres',
    mapError: mapPostgresError,
    async consume(key, { windowMs, limit }) {
      const sql = await db.ready()
      const at = now()
      if (at >= nextPurgeAt) {
        nextPurgeAt = at + purgeEveryMs
        await sql`DELETE FROM rate_limits WHERE reset_at <= ${at}`
      }
      // A window that has ended starts again at 1. The count stops at limit + 1: past that, only
      // "denied" matters, and the value cannot grow without bound under a flood.
      const [row] = await sql<{ count: number; reset_at: number }[]>`
        INSERT INTO rate_limits (key, count, reset_at) VALUES (${key}, 1, ${at}::bigint + ${windowMs}::bigint)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limits.reset_at <= ${at}::bigint THEN 1 ELSE LEAST(rate_limits.count + 1, ${limit}::bigint + 1) END,
          reset_at = CASE WHEN rate_limits.reset_at <= ${at}::bigint THEN ${at}::bigint + ${windowMs}::bigint ELSE rate_limits.reset_at END
        RETURNING count, reset_at`
      const allowed = row!.count <= limit
      return { allowed, remaining: allowed ? limit - row!.count : 0, resetAt: row!.reset_at }
    },
  })
}
