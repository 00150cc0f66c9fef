import { ProviderError, type RateLimitStore } from 'or3-provider-kit'

export interface RateLimitRule {
  key: string
  windowMs: number
  limit: number
  /** What is limited, for the message ("requests", "chat messages today"). */
  what: string
}

/** Counts one hit; over the limit it throws RATE_LIMITED carrying the seconds until reset. */
export async function enforceRateLimit(store: RateLimitStore, rule: RateLimitRule, now = Date.now()): Promise<void> {
  const decision = await store.consume(rule.key, { windowMs: rule.windowMs, limit: rule.limit })
  if (decision.allowed) return
  const retryAfterSeconds = Math.max(1, Math.ceil((decision.resetAt - now) / 1000))
  throw new ProviderError('RATE_LIMITED', `Too many ${rule.what}; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  })
}
