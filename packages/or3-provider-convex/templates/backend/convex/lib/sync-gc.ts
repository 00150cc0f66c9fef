import type { MutationCtx } from '../_generated/server'
import { findCounter } from './sync-push'

/**
 * Garbage collection of one workspace's sync documents, one bounded batch per call (`hasMore`
 * asks the caller to call again). Both passes raise the workspace's GC horizon to the highest
 * version they made unreachable, so a device whose cursor is below it is told to re-snapshot
 * instead of silently missing changes. Only *active* devices (cursor moved within retention)
 * hold GC back: a device away longer than that re-snapshots when it returns.
 */

// Batches stay far inside Convex's per-mutation limits: changes carry up to 64 KiB each.
const CHANGE_BATCH = 100
const SMALL_DOCUMENT_BATCH = 1000

/**
 * Versions below this bound are no longer needed by any active device: the lowest active
 * cursor, or past the latest version when no device is active. null: nothing was ever pushed.
 */
async function collectableBelow(ctx: MutationCtx, workspaceId: string, cutoff: number) {
  const counter = await findCounter(ctx, workspaceId)
  if (counter === null) return null
  const devices = await ctx.db
    .query('syncCursors')
    .withIndex('by_device', (q) => q.eq('workspaceId', workspaceId))
    .collect()
  const active = devices.filter((device) => device.updatedAt >= cutoff).map((device) => device.cursor)
  const bound = Math.min(counter.version + 1, ...active)
  return { counter, devices, bound }
}

export async function collectChangeLog(ctx: MutationCtx, workspaceId: string, now: number, retentionMs: number) {
  const cutoff = now - retentionMs
  const found = await collectableBelow(ctx, workspaceId, cutoff)
  if (found === null) return { removed: 0, hasMore: false }

  // Old op ids stop being remembered with the changes they made; a replay of one after that is
  // ordered by its stamp like any other op, so it cannot overwrite a newer winner.
  const oldOps = await ctx.db
    .query('syncOps')
    .withIndex('by_age', (q) => q.eq('workspaceId', workspaceId).lt('createdAt', cutoff))
    .take(SMALL_DOCUMENT_BATCH)
  for (const op of oldOps) await ctx.db.delete('syncOps', op._id)
  for (const device of found.devices) {
    if (device.updatedAt < cutoff) await ctx.db.delete('syncCursors', device._id)
  }

  const candidates = await ctx.db
    .query('syncChanges')
    .withIndex('by_version', (q) => q.eq('workspaceId', workspaceId).lt('version', found.bound))
    .take(CHANGE_BATCH)
  let removed = 0
  let cut: number | null = null
  for (const change of candidates) {
    // Cut in version order, so the log stays a contiguous suffix.
    if (change.createdAt >= cutoff) break
    await ctx.db.delete('syncChanges', change._id)
    removed += 1
    cut = change.version
  }
  if (cut !== null && cut > found.counter.gcHorizon) {
    await ctx.db.patch('syncCounters', found.counter._id, { gcHorizon: cut })
  }
  const hasMore = oldOps.length === SMALL_DOCUMENT_BATCH || (removed > 0 && removed === CHANGE_BATCH)
  return { removed, hasMore }
}

export async function collectTombstones(ctx: MutationCtx, workspaceId: string, now: number, retentionMs: number) {
  const cutoff = now - retentionMs
  const found = await collectableBelow(ctx, workspaceId, cutoff)
  if (found === null) return { removed: 0, hasMore: false }
  const tombstones = await ctx.db
    .query('syncRows')
    .withIndex('by_tombstone', (q) => q.eq('workspaceId', workspaceId).eq('deleted', true).lt('updatedAt', cutoff))
    .take(SMALL_DOCUMENT_BATCH)
  let removed = 0
  let highest = found.counter.gcHorizon
  for (const row of tombstones) {
    if (row.version >= found.bound) continue
    await ctx.db.delete('syncRows', row._id)
    removed += 1
    highest = Math.max(highest, row.version)
  }
  // A device below the highest removed tombstone might never have pulled that delete; a
  // snapshot no longer carries it, so such a device must start over from one.
  if (highest > found.counter.gcHorizon) await ctx.db.patch('syncCounters', found.counter._id, { gcHorizon: highest })
  return { removed, hasMore: removed > 0 && tombstones.length === SMALL_DOCUMENT_BATCH }
}
