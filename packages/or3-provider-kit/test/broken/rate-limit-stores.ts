// Rate-limit stores with ONE deliberate defect each.
import type { RateLimitStore } from '../../src/contracts/server.ts'
import { createMemoryRateLimitStore } from '../../src/memory/rate-limit-store.ts'
import type { RateLimitStoreFactory } from '../../src/testing/index.ts'

/**
 * The reference's fixed window, with a round trip between reading the count and writing it back
 * (GET then SET instead of INCR): concurrent callers all read the same count and overshoot.
 */
export const nonAtomicLimiter: RateLimitStoreFactory = {
  create({ now }): RateLimitStore {
    const windows = new Map<string, { count: number; resetAt: number }>()
    return {
      id: 'non-atomic',
      async consume(key, { windowMs, limit }) {
        const at = now()
        const current = windows.get(key)
        const w = current && current.resetAt > at ? current : { count: 0, resetAt: at + windowMs }
        await new Promise((resolve) => setTimeout(resolve, 1))
        if (w.count >= limit) return { allowed: false, remaining: 0, resetAt: w.resetAt }
        windows.set(key, { count: w.count + 1, resetAt: w.resetAt })
        return { allowed: true, remaining: limit - w.count - 1, resetAt: w.resetAt }
      },
    }
  },
}

/** Counts every key in one bucket. */
export const sharedBucket: RateLimitStoreFactory = {
  create({ now }) {
    const inner = createMemoryRateLimitStore({ now })
    return { ...inner, consume: (_key, options) => inner.consume('global', options) }
  },
}

/** Ignores the injected clock and reads the wall clock: its windows never pass in test time. */
export const wallClockLimiter: RateLimitStoreFactory = {
  create: () => createMemoryRateLimitStore(),
}
