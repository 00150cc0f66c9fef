import { ProviderError } from '../errors.ts'
import { SYNCED_TABLES, type SnapshotRow, type SyncChange, type SyncedTable } from '../schemas/sync.ts'
import { fromSqlBoolean, type SqlBoolean } from './sql-boolean.ts'

// Rows of the sync tables of a relational store (`sync_rows`, `sync_changes`: the same columns in
// SQLite and PostgreSQL), their mapping to the wire, and the snapshot's page token.

/** Stamp columns, shared by `sync_rows` and `sync_changes`. */
export interface StampColumns {
  device_id: string
  op_id: string
  hlc: string
  clock: number
}

export interface ChangeLogRow extends StampColumns {
  server_version: number
  table_name: SyncedTable
  pk: string
  op: 'put' | 'delete'
  payload: string | null
}

export interface CurrentRow extends StampColumns {
  table_name: SyncedTable
  pk: string
  payload: string | null
  deleted: SqlBoolean
  server_version: number
}

function toStamp(row: StampColumns) {
  return { deviceId: row.device_id, opId: row.op_id, hlc: row.hlc, clock: row.clock }
}

// Payloads are stored as the JSON text the device sent, so they are parsed once, on the way out.
export function toSyncChange(row: ChangeLogRow): SyncChange {
  return {
    serverVersion: row.server_version,
    tableName: row.table_name,
    pk: row.pk,
    op: row.op,
    ...(row.payload !== null ? { payload: JSON.parse(row.payload) as Record<string, unknown> } : {}),
    stamp: toStamp(row),
  }
}

export function toSnapshotRow(row: CurrentRow): SnapshotRow {
  return {
    tableName: row.table_name,
    pk: row.pk,
    ...(row.payload !== null ? { payload: JSON.parse(row.payload) as Record<string, unknown> } : {}),
    deleted: fromSqlBoolean(row.deleted),
    stamp: toStamp(row),
    serverVersion: row.server_version,
  }
}

/** Snapshot paging position: the last (table, pk) a page returned. */
export interface SnapshotPosition {
  tableName: SyncedTable
  pk: string
}

const PAGE_TOKEN_PREFIX = 's1.'

/**
 * Opaque to clients. Kept as plain text rather than base64: a pk may be 256 characters, and the
 * token must stay within the wire limit of 512 whatever characters the pk holds.
 */
export function encodePageToken(position: SnapshotPosition): string {
  return `${PAGE_TOKEN_PREFIX}${SYNCED_TABLES.indexOf(position.tableName)}.${position.pk}`
}

export function decodePageToken(token: string): SnapshotPosition {
  const match = token.startsWith(PAGE_TOKEN_PREFIX) ? /^(\d)\.(.+)$/s.exec(token.slice(PAGE_TOKEN_PREFIX.length)) : null
  const tableName = match ? SYNCED_TABLES[Number(match[1])] : undefined
  if (!match || tableName === undefined) {
    throw new ProviderError('VALIDATION', 'pageToken is not one this server issued; restart the snapshot without it', {
      fields: { pageToken: ['unknown page token'] },
    })
  }
  return { tableName, pk: match[2]! }
}
