import type { SyncGatewayAdapter } from 'or3-provider-kit'
import { ProviderError } from 'or3-provider-kit'
import { defineSyncGateway, mapSqliteError } from 'or3-provider-kit/server'
import { checkRetention, DEFAULT_RETENTION_MS, resolveStoreDatabase, type SqliteStoreOptions } from './store-options'
import { addVersionListener, notifyVersion } from './sync-listeners'
import { createSyncGc } from './sync-gc'
import { createPushTransaction } from './sync-push'
import {
  decodePageToken,
  encodePageToken,
  tablesParam,
  toSnapshotRow,
  toSyncChange,
  type ChangeLogRow,
  type CurrentRow,
} from './sync-records'

export interface SqliteSyncGatewayOptions extends SqliteStoreOptions {
  /** How long change-log rows and tombstones are kept past their use (default 30 days). */
  retentionMs?: number
}

interface WorkspaceVersions {
  version: number
  gc_horizon: number
}

const STAMP_COLUMNS = 'device_id, op_id, hlc, clock'

/** The sync gateway on SQLite: push, pull, snapshot, cursors, GC and in-process `watch`. */
export function createSqliteSyncGateway(options: SqliteSyncGatewayOptions): SyncGatewayAdapter {
  const db = resolveStoreDatabase(options, 'The SQLite sync gateway')
  const now = options.now ?? Date.now
  const retentionMs = checkRetention(options.retentionMs ?? DEFAULT_RETENTION_MS)
  const pushBatch = createPushTransaction(db, now)
  const gc = createSyncGc(db, now, retentionMs)

  const sql = {
    versions: db.prepare<WorkspaceVersions, [string]>(
      'SELECT version, gc_horizon FROM sync_workspace_versions WHERE workspace_id = ?',
    ),
    changesAfter: db.prepare<ChangeLogRow, [string, number, number, string | null, number]>(
      `SELECT server_version, table_name, pk, op, payload, ${STAMP_COLUMNS} FROM sync_changes
       WHERE workspace_id = ?1 AND server_version > ?2 AND server_version <= ?3
         AND (?4 IS NULL OR table_name IN (SELECT value FROM json_each(?4)))
       ORDER BY server_version LIMIT ?5`,
    ),
    rowsAfter: db.prepare<CurrentRow, [string, number, string, string, string | null, number]>(
      `SELECT table_name, pk, payload, deleted, server_version, ${STAMP_COLUMNS} FROM sync_rows
       WHERE workspace_id = ?1 AND server_version <= ?2 AND (table_name, pk) > (?3, ?4)
         AND (?5 IS NULL OR table_name IN (SELECT value FROM json_each(?5)))
       ORDER BY table_name, pk LIMIT ?6`,
    ),
    countRows: db.prepare<{ total: number }, [string, number, string | null]>(
      `SELECT COUNT(*) AS total FROM sync_rows
       WHERE workspace_id = ?1 AND server_version <= ?2
         AND (?3 IS NULL OR table_name IN (SELECT value FROM json_each(?3)))`,
    ),
    moveCursor: db.prepare<{ cursor: number }, [string, string, number, number]>(
      `INSERT INTO sync_device_cursors (workspace_id, device_id, cursor, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (workspace_id, device_id) DO UPDATE SET
         cursor = MAX(cursor, excluded.cursor), updated_at = excluded.updated_at
       RETURNING cursor`,
    ),
  }

  function versionsOf(workspaceId: string): WorkspaceVersions {
    return sql.versions.get(workspaceId) ?? { version: 0, gc_horizon: 0 }
  }

  // Reads run in one transaction so the latest version and the rows come from one snapshot of
  // the file, even while another process commits.
  const readChanges = db.transaction(
    (workspaceId: string, cursor: number, limit: number, tables: string | null) => {
      const { version, gc_horizon } = versionsOf(workspaceId)
      if (cursor < gc_horizon) return { requiresSnapshot: true as const, version }
      const rows = sql.changesAfter.all(workspaceId, cursor, version, tables, limit + 1)
      return { requiresSnapshot: false as const, version, rows }
    },
  )

  const readSnapshotPage = db.transaction(
    (workspaceId: string, atVersion: number | undefined, after: { tableName: string; pk: string } | null, tables: string | null, limit: number) => {
      const { version } = versionsOf(workspaceId)
      const pinned = atVersion ?? version
      if (pinned > version) {
        throw new ProviderError('VALIDATION', `atVersion ${pinned} is ahead of the workspace's latest version ${version}`, {
          fields: { atVersion: ['ahead of the latest version'] },
        })
      }
      const rows = sql.rowsAfter.all(workspaceId, pinned, after?.tableName ?? '', after?.pk ?? '', tables, limit + 1)
      // Counted once, on the first page, in the same read as its rows.
      const totalRows = after === null ? sql.countRows.get(workspaceId, pinned, tables)!.total : undefined
      return { pinned, rows, totalRows }
    },
  )

  // IMMEDIATE: the latest version cannot move between the check and the write.
  const moveCursor = db.transaction((workspaceId: string, deviceId: string, version: number): number => {
    const latest = versionsOf(workspaceId).version
    if (version > latest) {
      throw new ProviderError('VALIDATION', `cursor ${version} is ahead of the workspace's latest version ${latest}`, {
        fields: { version: ['ahead of the latest version'] },
      })
    }
    return sql.moveCursor.get(workspaceId, deviceId, version, now())!.cursor
  })

  return defineSyncGateway({
    id: 'sqlite',
    mapError: mapSqliteError,

    push(_ctx, { scope, ops }) {
      const outcome = pushBatch(scope.workspaceId, ops)
      if (outcome.advanced) notifyVersion(db, scope.workspaceId, outcome.serverVersion)
      return { results: outcome.results, serverVersion: outcome.serverVersion }
    },

    pull(_ctx, { scope, cursor, limit, tables }) {
      const read = readChanges.deferred(scope.workspaceId, cursor, limit, tablesParam(tables))
      if (read.requiresSnapshot) return { changes: [], nextCursor: cursor, hasMore: false, requiresSnapshot: true }
      const hasMore = read.rows.length > limit
      const page = hasMore ? read.rows.slice(0, limit) : read.rows
      // Without more rows the device has seen everything up to the latest version, including
      // versions a `tables` filter skipped.
      const nextCursor = hasMore ? page[page.length - 1]!.server_version : Math.max(cursor, read.version)
      return { changes: page.map(toSyncChange), nextCursor, hasMore }
    },

    snapshot(_ctx, { scope, atVersion, pageToken, limit, tables }) {
      const after = pageToken === undefined ? null : decodePageToken(pageToken)
      const page = readSnapshotPage.deferred(scope.workspaceId, atVersion, after, tablesParam(tables), limit)
      const hasMore = page.rows.length > limit
      const rows = hasMore ? page.rows.slice(0, limit) : page.rows
      const last = rows[rows.length - 1]
      return {
        rows: rows.map(toSnapshotRow),
        version: page.pinned,
        nextPageToken: hasMore && last ? encodePageToken({ tableName: last.table_name, pk: last.pk }) : null,
        hasMore,
        ...(page.totalRows !== undefined ? { totalRows: page.totalRows } : {}),
      }
    },

    updateCursor(_ctx, { scope, deviceId, version }) {
      return { cursor: moveCursor.immediate(scope.workspaceId, deviceId, version) }
    },

    gcChangeLog: (_ctx, { scope }) => ({ removed: gc.gcChangeLog(scope.workspaceId) }),
    gcTombstones: (_ctx, { scope }) => ({ removed: gc.gcTombstones(scope.workspaceId) }),
    watch: (workspaceId, listener) => addVersionListener(db, workspaceId, listener),
  })
}
