import { v } from 'convex/values'
import { mutation } from './_generated/server'
import { fail } from './lib/errors'
import { requireServer } from './lib/identity'
import { checkText } from './lib/protocol'
import { applyOps } from './lib/sync-push'

/** The device id server-written rows carry, so clients can tell them from their own. */
const SERVER_DEVICE_ID = 'or3-server'

/** The kit's HLC text form (`formatHlc`), so a device's later edit of the row orders by the same rules. */
const serverHlc = (ms: number) => `${String(ms).padStart(13, '0')}:0000:${SERVER_DEVICE_ID}`

/**
 * Notifications are ordinary synced rows: the OR3 server writes a `notifications` row through
 * the sync write path, so it is versioned, reaches every device by pull, and wakes watchers.
 */
export const emit = mutation({
  args: {
    workspaceId: v.string(),
    userId: v.string(),
    type: v.string(),
    title: v.string(),
    body: v.optional(v.string()),
    threadId: v.optional(v.string()),
  },
  returns: v.object({ id: v.string() }),
  handler: async (ctx, args) => {
    await requireServer(ctx)
    checkText(args.workspaceId, 'workspaceId', 128)
    checkText(args.userId, 'userId', 128)
    checkText(args.type, 'type', 64)
    checkText(args.title, 'title', 200)
    if (args.body !== undefined && args.body.length > 4000) fail('VALIDATION', 'body is at most 4000 characters')
    if (args.threadId !== undefined) checkText(args.threadId, 'threadId', 128)
    const id = crypto.randomUUID()
    const opId = `srv-${crypto.randomUUID()}`
    const now = Date.now()
    const hlc = serverHlc(now)
    const payload = {
      id,
      user_id: args.userId,
      type: args.type,
      title: args.title,
      body: args.body ?? null,
      thread_id: args.threadId ?? null,
      read_at: null,
      created_at: now,
      updated_at: now,
      clock: 1,
      hlc,
      deleted: false,
      deleted_at: null,
    }
    const op = {
      opId,
      tableName: 'notifications',
      operation: 'put' as const,
      pk: id,
      payloadJson: JSON.stringify(payload),
      stamp: { deviceId: SERVER_DEVICE_ID, opId, hlc, clock: 1 },
    }
    const { results } = await applyOps(ctx, args.workspaceId, [op], now)
    if (!results[0]?.applied) fail('CONFLICT', `The notification was not stored: ${results[0]?.error?.message ?? 'no result'}`)
    return { id }
  },
})
