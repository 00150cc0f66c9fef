import type { MutationCtx } from '../_generated/server'

const SWEEP_BATCH = 200
const SWEEP_KEY = 'storage-orphans'

/**
 * Bytes uploaded to Convex file storage but never committed (the device gave up, or its commit
 * was refused before it could name them) belong to no workspace. Past the upload grace period,
 * any `_storage` file no committed blob owns is deleted. Pages through `_storage` by creation
 * time and remembers where it stopped, so each run goes on from there.
 */
export async function sweepOrphanedUploads(ctx: MutationCtx, now: number, graceMs: number) {
  const cursor = await ctx.db
    .query('maintenanceCursors')
    .withIndex('by_key', (q) => q.eq('key', SWEEP_KEY))
    .unique()
  const after = cursor?.position ?? 0
  const files = await ctx.db.system
    .query('_storage')
    .withIndex('by_creation_time', (q) => q.gt('_creationTime', after).lt('_creationTime', now - graceMs))
    .take(SWEEP_BATCH)
  let removed = 0
  for (const file of files) {
    const owner = await ctx.db
      .query('storageBlobs')
      .withIndex('by_storage', (q) => q.eq('storageId', file._id))
      .first()
    if (owner !== null) continue
    await ctx.storage.delete(file._id)
    removed += 1
  }
  // A short page reached the end: the next run starts from the beginning again.
  const position = files.length === SWEEP_BATCH ? files[files.length - 1]!._creationTime : 0
  if (cursor === null) await ctx.db.insert('maintenanceCursors', { key: SWEEP_KEY, position })
  else await ctx.db.patch('maintenanceCursors', cursor._id, { position })
  return { removed, hasMore: files.length === SWEEP_BATCH }
}
