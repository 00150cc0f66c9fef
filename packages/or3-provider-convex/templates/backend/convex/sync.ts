import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { requireWorkspaceRole } from './lib/access'
import { resolveCaller } from './lib/identity'
import { checkCount, checkLimit, checkTables, checkText, SYNC_LIMITS, TEXT_LIMITS, validation } from './lib/protocol'
import { readSettings } from './lib/settings'
import { collectChangeLog, collectTombstones } from './lib/sync-gc'
import { applyOps, findCounter, pendingOpValidator, pushResultValidator } from './lib/sync-push'
import { pullChanges, snapshotPage, snapshotRowValidator, syncChangeValidator } from './lib/sync-read'

// OR3's sync protocol (ARCHITECTURE §6) for one workspace. Writers need the editor role, readers
// the viewer role; the OR3 server may act on any workspace (GC, notifications).

const gcResultValidator = v.object({ removed: v.number(), hasMore: v.boolean() })

export const push = mutation({
  args: { workspaceId: v.string(), ops: v.array(pendingOpValidator) },
  returns: v.object({ results: v.array(pushResultValidator), serverVersion: v.number() }),
  handler: async (ctx, { workspaceId, ops }) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), workspaceId, 'editor')
    return await applyOps(ctx, workspaceId, ops, Date.now())
  },
})

export const pull = query({
  args: {
    workspaceId: v.string(),
    cursor: v.number(),
    limit: v.optional(v.number()),
    tables: v.optional(v.array(v.string())),
  },
  returns: v.object({
    changes: v.array(syncChangeValidator),
    nextCursor: v.number(),
    hasMore: v.boolean(),
    requiresSnapshot: v.optional(v.boolean()),
  }),
  handler: async (ctx, args) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), args.workspaceId, 'viewer')
    const cursor = checkCount(args.cursor, 'cursor')
    const limit = checkLimit(args.limit, 'limit', SYNC_LIMITS.defaultPullLimit, SYNC_LIMITS.maxPullLimit)
    return await pullChanges(ctx, args.workspaceId, cursor, limit, checkTables(args.tables))
  },
})

export const snapshot = query({
  args: {
    workspaceId: v.string(),
    atVersion: v.optional(v.number()),
    pageToken: v.optional(v.string()),
    limit: v.optional(v.number()),
    tables: v.optional(v.array(v.string())),
  },
  returns: v.object({
    rows: v.array(snapshotRowValidator),
    version: v.number(),
    nextPageToken: v.union(v.string(), v.null()),
    hasMore: v.boolean(),
  }),
  handler: async (ctx, args) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), args.workspaceId, 'viewer')
    if (args.atVersion !== undefined) checkCount(args.atVersion, 'atVersion')
    if (args.pageToken !== undefined) checkText(args.pageToken, 'pageToken', 512)
    return await snapshotPage(ctx, args.workspaceId, {
      atVersion: args.atVersion,
      pageToken: args.pageToken,
      limit: checkLimit(args.limit, 'limit', SYNC_LIMITS.defaultSnapshotLimit, SYNC_LIMITS.maxSnapshotLimit),
      tables: checkTables(args.tables),
    })
  },
})

/** A device's cursor only moves forward: a lower value answers the stored one. */
export const updateCursor = mutation({
  args: { workspaceId: v.string(), deviceId: v.string(), version: v.number() },
  returns: v.object({ cursor: v.number() }),
  handler: async (ctx, { workspaceId, deviceId, version }) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), workspaceId, 'viewer')
    checkText(deviceId, 'deviceId', TEXT_LIMITS.deviceId)
    checkCount(version, 'version')
    const latest = (await findCounter(ctx, workspaceId))?.version ?? 0
    if (version > latest) validation(`cursor ${version} is ahead of the workspace's latest version ${latest}`)
    const stored = await ctx.db
      .query('syncCursors')
      .withIndex('by_device', (q) => q.eq('workspaceId', workspaceId).eq('deviceId', deviceId))
      .unique()
    const now = Date.now()
    if (stored === null) {
      await ctx.db.insert('syncCursors', { workspaceId, deviceId, cursor: version, updatedAt: now })
      return { cursor: version }
    }
    const cursor = Math.max(stored.cursor, version)
    await ctx.db.patch('syncCursors', stored._id, { cursor, updatedAt: now })
    return { cursor }
  },
})

export const gcChangeLog = mutation({
  args: { workspaceId: v.string() },
  returns: gcResultValidator,
  handler: async (ctx, { workspaceId }) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), workspaceId, 'editor')
    const { syncRetentionMs } = await readSettings(ctx)
    return await collectChangeLog(ctx, workspaceId, Date.now(), syncRetentionMs)
  },
})

export const gcTombstones = mutation({
  args: { workspaceId: v.string() },
  returns: gcResultValidator,
  handler: async (ctx, { workspaceId }) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), workspaceId, 'editor')
    const { syncRetentionMs } = await readSettings(ctx)
    return await collectTombstones(ctx, workspaceId, Date.now(), syncRetentionMs)
  },
})

/**
 * The workspace's latest version: what `watch` subscribes to. Every winning push writes the
 * counter, so a subscription hears each new version (and nothing else of the workspace).
 */
export const latestVersion = query({
  args: { workspaceId: v.string() },
  returns: v.object({ version: v.number() }),
  handler: async (ctx, { workspaceId }) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), workspaceId, 'viewer')
    return { version: (await findCounter(ctx, workspaceId))?.version ?? 0 }
  },
})
