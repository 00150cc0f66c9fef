import { v } from 'convex/values'
import { mutation } from './_generated/server'
import { requireServer } from './lib/identity'
import { checkCount, checkText, validation } from './lib/protocol'

/**
 * Fixed-window counters for the OR3 server (`RateLimitStore.consume`). One mutation both counts
 * and decides, and Convex commits mutations serializably, so concurrent callers on any server
 * instance never overshoot the limit. A window that has ended starts again at 1; the count stops
 * at limit + 1, past which only "denied" matters. Ended windows are purged by `maintenance`.
 */
export const consume = mutation({
  args: { key: v.string(), windowMs: v.number(), limit: v.number() },
  returns: v.object({ allowed: v.boolean(), remaining: v.number(), resetAt: v.number() }),
  handler: async (ctx, args) => {
    await requireServer(ctx)
    checkText(args.key, 'key', 512)
    checkCount(args.limit, 'limit')
    if (!Number.isSafeInteger(args.windowMs) || args.windowMs < 1) validation('windowMs must be a positive whole number')
    const now = Date.now()
    const window = await ctx.db
      .query('rateLimits')
      .withIndex('by_key', (q) => q.eq('key', args.key))
      .unique()
    let count = 1
    let resetAt = now + args.windowMs
    if (window === null) {
      await ctx.db.insert('rateLimits', { key: args.key, count, resetAt })
    } else {
      if (window.resetAt > now) {
        count = Math.min(window.count + 1, args.limit + 1)
        resetAt = window.resetAt
      }
      await ctx.db.patch('rateLimits', window._id, { count, resetAt })
    }
    const allowed = count <= args.limit
    return { allowed, remaining: allowed ? args.limit - count : 0, resetAt }
  },
})
