import type { Or3CloudConfig, RateLimitStore } from 'or3-provider-kit'
import { enforceRateLimit } from '../limits/enforce-rate-limit'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Chat's own buckets (the endpoint opts out of the pipeline's generic one, so a chat request
 * counts once): `limits.perMinute` requests per minute and `limits.perDay` messages per day.
 * The minute is checked first, so a burst refused per minute does not spend the daily cap.
 */
export async function enforceChatLimits(store: RateLimitStore, config: Or3CloudConfig, limitKey: string): Promise<void> {
  if (!config.limits.enabled) return
  await enforceRateLimit(store, {
    key: `chat:minute:${limitKey}`,
    windowMs: 60_000,
    limit: config.limits.perMinute,
    what: 'chat requests this minute',
  })
  await enforceRateLimit(store, {
    key: `chat:day:${limitKey}`,
    windowMs: DAY_MS,
    limit: config.limits.perDay,
    what: 'chat messages today (daily cap)',
  })
}
