import { SYNCED_TABLES, compareStamps, type ChangeStamp, type SyncChange, type SyncPayload, type SyncedTable } from 'or3-provider-kit'
import { shouldSyncRow } from '../db/capture-policy'
import type { HybridLogicalClock } from '../db/hlc'
import { remoteRow } from '../db/row-payload'
import type { PendingOpRow, SyncedRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { markTransaction } from '../db/write-guard'

/** A change from the server: a pulled change or a snapshot row. */
export interface RemoteChange {
  tableName: SyncedTable
  pk: string
  deleted: boolean
  payload?: SyncPayload
  stamp: ChangeStamp
}

/** A pulled change as a RemoteChange. */
export const pulledChange = (change: SyncChange): RemoteChange => ({ ...change, deleted: change.op === 'delete' })

/**
 * Runs `body` in a transaction marked as a remote apply: its writes are never captured as
 * pending ops (no echo back to the server).
 */
export function inRemoteTransaction<R>(db: WorkspaceDatabase, body: () => Promise<R>): Promise<R> {
  return db.transaction('rw', [...SYNCED_TABLES, 'pending_ops', 'sync_state'], async (tx) => {
    markTransaction(tx, 'remote')
    return body()
  })
}

/**
 * Last-writer-wins, the same order as the server: (clock, hlc, opId) via the kit's compareStamps.
 * A remote change replaces the local row only when it wins. While the row has a pending op, that
 * op is the local contender: if it wins, the local row stays (the push will win on the server
 * too); if it loses, it is dropped with the row, since the server would refuse it anyway.
 * A snapshot row (`fromSnapshot`) is the server's state at the pinned version: it replaces a
 * local row that has no pending op whatever that row's stamp (e.g. a change the user discarded).
 *
 * A page is applied in bulk: one pending-op lookup, one `bulkGet` per table (none for a
 * snapshot), the decisions in memory, then one `bulkDelete` of beaten ops and one `bulkPut` per
 * table. Call inside `inRemoteTransaction`: the reads and writes are one transaction, so a local
 * write lands wholly before (its pending op is seen here) or wholly after (it builds on the row
 * written here); it is never lost in between. Returns how many rows changed.
 */
export async function applyRemoteChanges(
  db: WorkspaceDatabase,
  changes: readonly RemoteChange[],
  hlc: HybridLogicalClock,
  { fromSnapshot = false }: { fromSnapshot?: boolean } = {},
): Promise<number> {
  const contenders = newestPerRow(changes, hlc)
  if (contenders.size === 0) return 0

  const pending = await pendingOpsFor(db, contenders)
  const beatenOps: number[] = []
  const winners = new Map<SyncedTable, RemoteChange[]>()
  const undecided = new Map<SyncedTable, RemoteChange[]>()
  for (const [key, change] of contenders) {
    const ops = pending.get(key)
    if (ops) {
      const newest = ops.reduce((a, b) => (a.seq! > b.seq! ? a : b))
      if (compareStamps(change.stamp, newest.op.stamp) <= 0) continue
      beatenOps.push(...ops.map((row) => row.seq!))
      push(winners, change)
    } else {
      push(fromSnapshot ? winners : undecided, change)
    }
  }

  for (const [tableName, candidates] of undecided) {
    const locals = await db.syncedTable(tableName).bulkGet(candidates.map((change) => change.pk))
    candidates.forEach((change, i) => {
      if (beatsLocal(change, locals[i])) push(winners, change)
    })
  }

  if (beatenOps.length) await db.pending_ops.bulkDelete(beatenOps)
  let changed = 0
  for (const [tableName, rows] of winners) {
    await db.syncedTable(tableName).bulkPut(rows.map((change) => remoteRow(tableName, change.pk, change)))
    changed += rows.length
  }
  return changed
}

/**
 * The change that wins within the page for each row, in first-seen order. Applying only it is
 * what applying the page change by change would leave, since each step keeps the greater stamp.
 */
function newestPerRow(changes: readonly RemoteChange[], hlc: HybridLogicalClock): Map<string, RemoteChange> {
  const newest = new Map<string, RemoteChange>()
  for (const change of changes) {
    hlc.receive(change.stamp.hlc)
    // The server must never hand this device a secret or another device's local setting.
    if (!shouldSyncRow(change.tableName, change.pk)) continue
    const key = remoteKey(change.tableName, change.pk)
    const seen = newest.get(key)
    if (!seen || compareStamps(change.stamp, seen.stamp) > 0) newest.set(key, change)
  }
  return newest
}

/** The pending ops of the page's rows, by row, in one indexed read. */
async function pendingOpsFor(db: WorkspaceDatabase, contenders: Map<string, RemoteChange>): Promise<Map<string, PendingOpRow[]>> {
  const keys = [...contenders.values()].map((change) => [change.tableName, change.pk])
  const rows = await db.pending_ops.where('[table_name+pk]').anyOf(keys).toArray()
  const byRow = new Map<string, PendingOpRow[]>()
  for (const row of rows) {
    const key = remoteKey(row.table_name, row.pk)
    byRow.set(key, [...(byRow.get(key) ?? []), row])
  }
  return byRow
}

function beatsLocal(change: RemoteChange, local: SyncedRow | undefined): boolean {
  return !local || compareStamps(change.stamp, { clock: local.clock, hlc: local.hlc, opId: local.op_id ?? '' }) > 0
}

function push(byTable: Map<SyncedTable, RemoteChange[]>, change: RemoteChange): void {
  const list = byTable.get(change.tableName)
  if (list) list.push(change)
  else byTable.set(change.tableName, [change])
}

/**
 * After a snapshot: rows the server no longer has (tombstones past GC, rows of a device that
 * was offline too long) leave this device too, unless a local change of them is still pending.
 * Call inside `inRemoteTransaction`. Returns how many rows were removed.
 */
export async function removeRowsMissingFromSnapshot(db: WorkspaceDatabase, seen: ReadonlySet<string>): Promise<number> {
  const pendingKeys = new Set((await db.pending_ops.toArray()).map((row) => remoteKey(row.table_name, row.pk)))
  let removed = 0
  for (const tableName of SYNCED_TABLES) {
    const table = db.syncedTable(tableName)
    const keys = (await table.toCollection().primaryKeys()) as string[]
    const gone = keys.filter((pk) => {
      const key = remoteKey(tableName, pk)
      return !seen.has(key) && !pendingKeys.has(key) && shouldSyncRow(tableName, pk)
    })
    if (gone.length) await table.bulkDelete(gone)
    removed += gone.length
  }
  return removed
}

export const remoteKey = (tableName: SyncedTable, pk: string) => `${tableName}\u0000${pk}`
