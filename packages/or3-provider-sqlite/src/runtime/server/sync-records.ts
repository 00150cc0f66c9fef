import type { SyncedTable } from 'or3-provider-kit'

// The sync tables' rows and their mapping to the wire are the kit's (shared by every relational
// store); how a table filter travels to this database is this provider's.
export {
  decodePageToken,
  encodePageToken,
  toSnapshotRow,
  toSyncChange,
  type ChangeLogRow,
  type CurrentRow,
  type SnapshotPosition,
  type StampColumns,
} from 'or3-provider-kit/server'

/** `tables` filters travel to SQL as one JSON array parameter (`json_each`), or NULL for all. */
export function tablesParam(tables: readonly SyncedTable[] | undefined): string | null {
  return tables ? JSON.stringify(tables) : null
}
