import { SYNCED_TABLES, compareStamps, type ChangeStamp, type SyncPayload, type SyncedTable } from 'or3-provider-kit'
import { shouldSyncRow } from '../db/capture-policy'
import type { HybridLogicalClock } from '../db/hlc'
import { remoteRow } from '../db/row-payload'
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
 * Call inside `inRemoteTransaction`. Returns how many rows changed.
 */
export async function applyRemoteChanges(
  db: WorkspaceDatabase,
  changes: readonly RemoteChange[],
  hlc: HybridLogicalClock,
  { fromSnapshot = false }: { fromSnapshot?: boolean } = {},
): Promise<number> {
  let changed = 0
  for (const change of changes) {
    hlc.receive(change.stamp.hlc)
    // The server must never hand this device a secret or another device's local setting.
    if (!shouldSyncRow(change.tableName, change.pk)) continue
    if (await applyOne(db, change, fromSnapshot)) changed++
  }
  return changed
}

async function applyOne(db: WorkspaceDatabase, change: RemoteChange, fromSnapshot: boolean): Promise<boolean> {
  const table = db.syncedTable(change.tableName)
  const pending = await db.pending_ops.where('[table_name+pk]').equals([change.tableName, change.pk]).toArray()
  if (pending.length > 0) {
    const newest = pending.reduce((a, b) => (a.seq! > b.seq! ? a : b))
    if (compareStamps(change.stamp, newest.op.stamp) <= 0) return false
    await db.pending_ops.bulkDelete(pending.map((row) => row.seq!))
  } else if (!fromSnapshot) {
    const local = await table.get(change.pk)
    if (local && compareStamps(change.stamp, { clock: local.clock, hlc: local.hlc, opId: local.op_id ?? '' }) <= 0) {
      return false
    }
  }
  await table.put(remoteRow(change.tableName, change.pk, change))
  return true
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
