import { defineRateLimitStore } from '../adapters/define-stores.ts'
import type { RateLimitDecision, RateLimitStore } from '../contracts/server.ts'

export interface MemoryRateLimitStoreOptions {
  now?: () => number
  /** Upper bound on tracked keys; the oldest windows are dropped first. */
  maxKeys?: number
}

/**
 * Fixed-window counter for a single process. `consume` runs without awaiting anything between
 * read and write, so concurrent callers in this process can never overshoot the limit.
 */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  const now = options.now ?? Date.now
  const maxKeys = options.maxKeys ?? 100_000
  const windows = new Map<string, { count: number; resetAt: number }>()

  function evictExpired(at: number) {
    for (const [key, w] of windows) {
      if (w.resetAt <= at) windows.delete(key)
    }
  }

  return defineRateLimitStore({
    id: 'memory',
    consume(key, { windowMs, limit }): RateLimitDecision {
      const at = now()
      let w = windows.get(key)
      if (!w || w.resetAt <= at) {
        // Only a new key grows the map; renewing an expired window must not evict a live one.
        if (!w && windows.size >= maxKeys) evictExpired(at)
        if (!w && windows.size >= maxKeys) {
          const oldest = windows.keys().next().value
          if (oldest !== undefined) windows.delete(oldest)
        }
        w = { count: 0, resetAt: at + windowMs }
        windows.delete(key)
        windows.set(key, w)
      }
      if (w.count >= limit) return { allowed: false, remaining: 0, resetAt: w.resetAt }
      w.count += 1
      return { allowed: true, remaining: limit - w.count, resetAt: w.resetAt }
    },
  })
}
