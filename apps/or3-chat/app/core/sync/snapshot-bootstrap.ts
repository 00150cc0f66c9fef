import { ProviderError, SYNC_LIMITS, SYNCED_TABLES, type SyncChange, type SyncProvider, type SyncedTable } from 'or3-provider-kit'
import type { BulkProgress } from '../db/change-feed'
import type { HybridLogicalClock } from '../db/hlc'
import { resetCursor } from '../db/sync-state'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { applyRemoteChanges, inRemoteTransaction, pulledChange, remoteKey, removeRowsMissingFromSnapshot } from './apply-remote'
import { readAhead } from './read-ahead'

export interface SnapshotContext {
  db: WorkspaceDatabase
  provider: SyncProvider
  workspaceId: string
  hlc: HybridLogicalClock
  pageSize?: number
  /** Told after every stored page; a milestone once the sidebar's rows and the newest messages are in. */
  onProgress?: (progress: BulkProgress) => void
}

/**
 * The order the snapshot is read in: every table but messages first (threads, projects,
 * settings: small, and all the sidebar needs), then the messages, which are the bulk.
 */
const PHASES: readonly (readonly SyncedTable[])[] = [SYNCED_TABLES.filter((table) => table !== 'messages'), ['messages']]

/**
 * Bootstraps the device from the server's current rows at a pinned version, page by page: a
 * new device (no cursor yet), or one whose cursor fell below the server's GC horizon. It
 * replaces the local synced rows that have no pending change, drops the ones the server no
 * longer has, and sets the cursor to the pinned version, so the pull that follows picks up
 * everything after it. A page that fails leaves the cursor where it was: the next attempt
 * starts the snapshot over.
 *
 * Usable before it is done: after the first phase the sidebar has every thread, and before the
 * messages the newest ones (the change log's tail up to the pin) are read, so the thread a
 * person opens first is there in a second, not after the whole history.
 */
export async function bootstrapFromSnapshot(context: SnapshotContext): Promise<number> {
  const { db, provider, workspaceId, hlc } = context
  const limit = Math.min(context.pageSize ?? SYNC_LIMITS.maxSnapshotLimit, SYNC_LIMITS.maxSnapshotLimit)
  const seen = new Set<string>()
  const progress = { done: 0, total: 0, counted: true }
  const report = (milestone = false) =>
    context.onProgress?.({ done: progress.done, total: progress.counted ? progress.total : null, ...(milestone ? { milestone } : {}) })
  let atVersion: number | undefined
  let newest: Promise<SyncChange[]> | null = null

  for (const [phase, tables] of PHASES.entries()) {
    const read = (pageToken?: string) => readAhead(provider.snapshot({ scope: { workspaceId }, atVersion, pageToken, limit, tables: [...tables] }))
    let next = read()
    for (let first = true; ; first = false) {
      const page = await next
      if (atVersion !== undefined && page.version !== atVersion) {
        throw new ProviderError('INTERNAL', `The server changed the snapshot's pinned version from ${atVersion} to ${page.version}`)
      }
      atVersion = page.version
      newest ??= readAhead(readNewestMessages(context, atVersion))
      if (first) {
        if (page.totalRows === undefined) progress.counted = false
        else progress.total += page.totalRows
      }
      if (page.hasMore) {
        if (!page.nextPageToken) throw new ProviderError('INTERNAL', 'The server said the snapshot has more pages but gave no pageToken')
        // The next page travels while this one is stored.
        next = read(page.nextPageToken)
      }
      await inRemoteTransaction(db, () => applyRemoteChanges(db, page.rows, hlc, { fromSnapshot: true }))
      for (const row of page.rows) seen.add(remoteKey(row.tableName, row.pk))
      progress.done += page.rows.length
      report()
      if (!page.hasMore) break
    }
    if (phase === 0) {
      const changes = await newest!
      if (changes.length) await inRemoteTransaction(db, () => applyRemoteChanges(db, changes.map(pulledChange), hlc))
      report(true)
    }
  }

  const pinned = atVersion!
  await inRemoteTransaction(db, async () => {
    await removeRowsMissingFromSnapshot(db, seen)
    await resetCursor(db, pinned)
  })
  return pinned
}

/**
 * The last page of message changes up to the pin, to apply as ordinary changes (last writer
 * wins): the newest thread's latest messages, early. The snapshot's messages phase brings the
 * same rows again at their state at the pin. None when that part of the log is already
 * collected (the server asks for a snapshot instead).
 */
async function readNewestMessages({ provider, workspaceId }: SnapshotContext, pinned: number): Promise<SyncChange[]> {
  const limit = SYNC_LIMITS.maxPullLimit
  const page = await provider.pull({ scope: { workspaceId }, cursor: Math.max(0, pinned - limit), limit, tables: ['messages'] })
  if (page.requiresSnapshot) return []
  // Changes after the pin could be undone by the snapshot's older rows; the pull after the snapshot brings them.
  return page.changes.filter((change) => change.serverVersion <= pinned)
}
