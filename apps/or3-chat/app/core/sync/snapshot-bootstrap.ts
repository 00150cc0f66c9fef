import { ProviderError, SYNC_LIMITS, type SyncProvider } from 'or3-provider-kit'
import type { HybridLogicalClock } from '../db/hlc'
import { resetCursor } from '../db/sync-state'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { applyRemoteChanges, inRemoteTransaction, remoteKey, removeRowsMissingFromSnapshot } from './apply-remote'

export interface SnapshotContext {
  db: WorkspaceDatabase
  provider: SyncProvider
  workspaceId: string
  hlc: HybridLogicalClock
  pageSize?: number
}

/**
 * Bootstraps the device when its cursor fell below the server's GC horizon: reads every row at
 * a pinned version, page by page, replaces the local synced rows that have no pending change,
 * drops the ones the server no longer has, and sets the cursor to the pinned version, so the
 * pull that follows picks up everything after it. A page that fails leaves the cursor where it
 * was: the next attempt starts the snapshot over.
 */
export async function bootstrapFromSnapshot(context: SnapshotContext): Promise<number> {
  const { db, provider, workspaceId, hlc } = context
  const limit = Math.min(context.pageSize ?? SYNC_LIMITS.defaultSnapshotLimit, SYNC_LIMITS.maxSnapshotLimit)
  const seen = new Set<string>()
  let atVersion: number | undefined
  let pageToken: string | undefined

  for (;;) {
    const page = await provider.snapshot({ scope: { workspaceId }, atVersion, pageToken, limit })
    if (atVersion !== undefined && page.version !== atVersion) {
      throw new ProviderError('INTERNAL', `The server changed the snapshot's pinned version from ${atVersion} to ${page.version}`)
    }
    atVersion = page.version
    await inRemoteTransaction(db, () => applyRemoteChanges(db, page.rows, hlc, { fromSnapshot: true }))
    for (const row of page.rows) seen.add(remoteKey(row.tableName, row.pk))
    if (!page.hasMore) break
    if (!page.nextPageToken) throw new ProviderError('INTERNAL', 'The server said the snapshot has more pages but gave no pageToken')
    pageToken = page.nextPageToken
  }

  const pinned = atVersion
  await inRemoteTransaction(db, async () => {
    await removeRowsMissingFromSnapshot(db, seen)
    await resetCursor(db, pinned)
  })
  return pinned
}
