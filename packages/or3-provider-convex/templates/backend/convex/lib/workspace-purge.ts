import type { Id, TableNames } from '../_generated/dataModel'
import type { MutationCtx } from '../_generated/server'

// Per call: up to this many documents of one table. Sync rows and changes carry up to 64 KiB.
const LARGE_BATCH = 100
const SMALL_BATCH = 500

type Purgeable = { _id: Id<TableNames>; storageId?: Id<'_storage'> }

/** Each table that holds data of a workspace, and how to read one batch of it. */
const steps: ((ctx: MutationCtx, id: Id<'workspaces'>) => Promise<Purgeable[]>)[] = [
  (ctx, id) => ctx.db.query('memberships').withIndex('by_workspace_age', (q) => q.eq('workspaceId', id)).take(SMALL_BATCH),
  (ctx, id) => ctx.db.query('activeWorkspaces').withIndex('by_workspace', (q) => q.eq('workspaceId', id)).take(SMALL_BATCH),
  (ctx, id) => ctx.db.query('invitations').withIndex('by_workspace_status', (q) => q.eq('workspaceId', id)).take(SMALL_BATCH),
  (ctx, id) => ctx.db.query('syncRows').withIndex('by_row', (q) => q.eq('workspaceId', id)).take(LARGE_BATCH),
  (ctx, id) => ctx.db.query('syncChanges').withIndex('by_version', (q) => q.eq('workspaceId', id)).take(LARGE_BATCH),
  (ctx, id) => ctx.db.query('syncOps').withIndex('by_op', (q) => q.eq('workspaceId', id)).take(SMALL_BATCH),
  (ctx, id) => ctx.db.query('syncCursors').withIndex('by_device', (q) => q.eq('workspaceId', id)).take(SMALL_BATCH),
  (ctx, id) => ctx.db.query('syncCounters').withIndex('by_workspace', (q) => q.eq('workspaceId', id)).take(SMALL_BATCH),
  (ctx, id) => ctx.db.query('storageUploads').withIndex('by_hash', (q) => q.eq('workspaceId', id)).take(SMALL_BATCH),
  (ctx, id) => ctx.db.query('storageBlobs').withIndex('by_hash', (q) => q.eq('workspaceId', id)).take(SMALL_BATCH),
]

/**
 * `workspaces:remove` only hides a workspace; this deletes, once the removal is older than the
 * retention, the workspace and everything the deployment holds for it (memberships, invitations,
 * synced rows, change log, cursors, blobs and their bytes). One table batch per call: `hasMore`
 * means call again.
 */
export async function purgeRemovedWorkspace(ctx: MutationCtx, now: number, retentionMs: number) {
  const expired = await ctx.db
    .query('workspaces')
    .withIndex('by_removed', (q) => q.gte('removedAt', 0).lte('removedAt', now - retentionMs))
    .first()
  if (expired === null) return { purged: 0, hasMore: false }
  for (const step of steps) {
    const batch = await step(ctx, expired._id)
    if (batch.length === 0) continue
    for (const doc of batch) {
      await ctx.db.delete(doc._id)
      if (doc.storageId !== undefined) await ctx.storage.delete(doc.storageId)
    }
    return { purged: 0, hasMore: true }
  }
  await ctx.db.delete('workspaces', expired._id)
  return { purged: 1, hasMore: true }
}
