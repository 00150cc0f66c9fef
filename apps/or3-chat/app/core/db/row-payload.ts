import type { ChangeStamp, SyncPayload, SyncedTable } from 'or3-provider-kit'
import { parseHlc } from 'or3-provider-kit'
import { DEVICE_ONLY_ROW_FIELDS, PK_FIELD, type SyncedRow, type ThreadRow } from './synced-rows'

/** The wire payload of a row: the row itself without the fields that never leave the device. */
export function rowToPayload(row: SyncedRow): SyncPayload {
  return withoutDeviceOnlyFields(row as unknown as Record<string, unknown>)
}

const deviceOnly = new Set<string>(DEVICE_ONLY_ROW_FIELDS)

function withoutDeviceOnlyFields(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => !deviceOnly.has(field)))
}

/** Sets the fields a row keeps on this device only and derives from its content (see SyncedRow). */
export function withDeviceFields<R extends SyncedRow>(table: SyncedTable, row: R): R {
  if (table !== 'threads') return row
  const thread = row as unknown as ThreadRow
  if (thread.deleted || thread.archived_at) delete thread.activity_at
  else thread.activity_at = thread.last_message_at ?? thread.created_at
  return row
}

/**
 * The local row for a remote change. The stamp, not the payload, is the authority on the sync
 * fields (a payload from another client could disagree), and a tombstone keeps only its key.
 */
export function remoteRow(
  table: SyncedTable,
  pk: string,
  change: { payload?: SyncPayload; deleted: boolean; stamp: ChangeStamp },
): SyncedRow {
  const content = change.deleted ? {} : withoutDeviceOnlyFields(change.payload ?? {})
  const updatedAt = typeof change.payload?.updated_at === 'number' ? change.payload.updated_at : (parseHlc(change.stamp.hlc)?.ms ?? 0)
  const deletedAt = typeof change.payload?.deleted_at === 'number' ? change.payload.deleted_at : updatedAt
  const row = {
    ...content,
    [PK_FIELD[table]]: pk,
    clock: change.stamp.clock,
    hlc: change.stamp.hlc,
    updated_at: updatedAt,
    deleted: change.deleted,
    deleted_at: change.deleted ? deletedAt : null,
    op_id: change.stamp.opId,
  } as unknown as SyncedRow
  return withDeviceFields(table, row)
}

