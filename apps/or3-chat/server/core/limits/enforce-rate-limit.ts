import { isProviderError, ProviderError, type RateLimitStore } from 'or3-provider-kit'

export interface RateLimitRule {
  key: string
  windowMs: number
  limit: number
  /** What is limited, for the message ("requests", "chat messages today"). */
  what: string
}

export interface RateLimitOptions {
  /**
   * Let the request through when the store itself cannot count (UNAVAILABLE: a full or read-only
   * disk, a busy database). For requests that only read: reading must not depend on being able to
   * write a counter. Anything that writes fails on the same store anyway, and says so.
   */
  allowWhenStoreUnavailable?: boolean
  now?: number
}

const STORE_WARNING_EVERY_MS = 60_000
let lastStoreWarningAt = Number.NEGATIVE_INFINITY

/** Counts one hit; over the limit it throws RATE_LIMITED carrying the seconds until reset. */
export async function enforceRateLimit(
  store: RateLimitStore,
  rule: RateLimitRule,
  { allowWhenStoreUnavailable = false, now = Date.now() }: RateLimitOptions = {},
): Promise<void> {
  let decision: Awaited<ReturnType<RateLimitStore['consume']>>
  try {
    decision = await store.consume(rule.key, { windowMs: rule.windowMs, limit: rule.limit })
  } catch (error) {
    if (!allowWhenStoreUnavailable || !isProviderError(error) || error.code !== 'UNAVAILABLE') throw error
    if (now - lastStoreWarningAt >= STORE_WARNING_EVERY_MS) {
      lastStoreWarningAt = now
      console.warn(`[or3] rate limits are not being counted (${error.message}); reads are let through meanwhile`)
    }
    return
  }
  if (decision.allowed) return
  const retryAfterSeconds = Math.max(1, Math.ceil((decision.resetAt - now) / 1000))
  throw new ProviderError('RATE_LIMITED', `Too many ${rule.what}; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  })
}
