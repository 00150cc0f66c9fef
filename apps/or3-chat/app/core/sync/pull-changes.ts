import { ProviderError, SYNC_LIMITS, type PullResponse, type SyncProvider } from 'or3-provider-kit'
import type { BulkProgress } from '../db/change-feed'
import type { HybridLogicalClock } from '../db/hlc'
import { advanceCursor, hasCursor, readCursor } from '../db/sync-state'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { applyRemoteChanges, inRemoteTransaction, pulledChange } from './apply-remote'
import { readAhead } from './read-ahead'
import { bootstrapFromSnapshot } from './snapshot-bootstrap'

export interface PullContext {
  db: WorkspaceDatabase
  provider: SyncProvider
  workspaceId: string
  deviceId: string
  hlc: HybridLogicalClock
  pageSize?: number
  snapshotPageSize?: number
  /** The cursor last confirmed to the server (held by the engine across pulls). */
  reportedCursor: number | null
  /**
   * Told after each stored page of bulk work: every snapshot page, and pull pages while the
   * server has more. A pull that fits in one page never calls it.
   */
  onProgress?: (progress: BulkProgress) => void
}

export interface PullOutcome {
  cursor: number
  changed: number
  reportedCursor: number | null
}

// A snapshot pins a version the server keeps; needing another one at once means the horizon moved
// again while we read (GC racing the bootstrap). Twice more is plenty; then report and retry later.
const MAX_SNAPSHOTS_PER_PULL = 3

/**
 * Pulls until the server has nothing more: each page is applied and the cursor advanced in ONE
 * transaction, so a crash never skips or half-applies a page. Only after the changes are stored
 * is the cursor reported with updateCursor (the server may GC what a device has confirmed).
 * A device that never synced starts from a snapshot (current rows in large pages) rather than
 * replaying the whole change log.
 */
export async function pullChanges(context: PullContext): Promise<PullOutcome> {
  const { db, provider, workspaceId, hlc } = context
  const limit = Math.min(context.pageSize ?? SYNC_LIMITS.maxPullLimit, SYNC_LIMITS.maxPullLimit)
  const bootstrap = () =>
    bootstrapFromSnapshot({ db, provider, workspaceId, hlc, pageSize: context.snapshotPageSize, onProgress: context.onProgress })
  let cursor = (await hasCursor(db)) ? await readCursor(db) : await bootstrap()
  let changed = 0
  let snapshots = 0
  let next: Promise<PullResponse> | null = null

  for (;;) {
    const page: PullResponse = await (next ?? provider.pull({ scope: { workspaceId }, cursor, limit }))
    next = null
    if (page.requiresSnapshot) {
      if (++snapshots > MAX_SNAPSHOTS_PER_PULL) {
        throw new ProviderError('UNAVAILABLE', 'The server keeps asking for a new snapshot; retrying later')
      }
      cursor = await bootstrap()
      continue
    }
    if (page.hasMore) {
      if (page.nextCursor <= cursor) throw new ProviderError('INTERNAL', `The server said there is more after ${cursor} but did not move the cursor`)
      // The next page travels while this one is stored.
      next = readAhead(provider.pull({ scope: { workspaceId }, cursor: page.nextCursor, limit }))
    }
    cursor = await inRemoteTransaction(db, async () => {
      changed += await applyRemoteChanges(db, page.changes.map(pulledChange), hlc)
      return advanceCursor(db, page.nextCursor)
    })
    if (!page.hasMore) break
    context.onProgress?.({ done: changed, total: null })
  }

  let reportedCursor = context.reportedCursor
  if (reportedCursor === null || cursor > reportedCursor) {
    const answer = await provider.updateCursor({ scope: { workspaceId }, deviceId: context.deviceId, version: cursor })
    reportedCursor = answer.cursor
  }
  return { cursor, changed, reportedCursor }
}
