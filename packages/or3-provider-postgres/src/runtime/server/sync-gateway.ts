import type { SyncGatewayAdapter } from 'or3-provider-kit'
import { ProviderError } from 'or3-provider-kit'
import { defineSyncGateway } from 'or3-provider-kit/server'
import { mapPostgresError } from './errors'
import { checkRetention, DEFAULT_RETENTION_MS, requireDatabase, type PostgresStoreOptions } from './store-options'
import { createSyncGc } from './sync-gc'
import { pushBatch } from './sync-push'
import {
  decodePageToken,
  encodePageToken,
  tablesParam,
  toSnapshotRow,
  toSyncChange,
  type ChangeLogRow,
  type CurrentRow,
} from './sync-records'
import { watchHub } from './sync-watch'

export interface PostgresSyncGatewayOptions extends PostgresStoreOptions {
  /** How long change-log rows and tombstones are kept past their use (default 30 days). */
  retentionMs?: number
}

interface WorkspaceVersions {
  version: number
  gc_horizon: number
}

/** Reads see one snapshot of the database, so the latest version and the rows agree. */
const READ_SNAPSHOT = 'isolation level repeatable read read only'

/** The sync gateway on PostgreSQL: push, pull, snapshot, cursors, GC and LISTEN/NOTIFY `watch`. */
export function createPostgresSyncGateway(options: PostgresSyncGatewayOptions): SyncGatewayAdapter {
  const db = requireDatabase(options, 'The PostgreSQL sync gateway')
  const now = options.now ?? Date.now
  const retentionMs = checkRetention(options.retentionMs ?? DEFAULT_RETENTION_MS)
  const gc = createSyncGc(db, now, retentionMs)
  const hub = watchHub(db)

  return defineSyncGateway({
    id: 'postgres',
    mapError: mapPostgresError,

    async push(_ctx, { scope, ops }) {
      // A listener of this process hears this push only if LISTEN is active before it commits.
      await hub.listening()
      const outcome = await pushBatch(db, scope.workspaceId, ops, now())
      return { results: outcome.results, serverVersion: outcome.serverVersion }
    },

    async pull(_ctx, { scope, cursor, limit, tables }) {
      const sql = await db.ready()
      const filter = tablesParam(tables)
      const read = await sql.begin(READ_SNAPSHOT, async (tx) => {
        const [versions] = await tx<WorkspaceVersions[]>`
          SELECT version, gc_horizon FROM sync_workspace_versions WHERE workspace_id = ${scope.workspaceId}`
        const { version, gc_horizon } = versions ?? { version: 0, gc_horizon: 0 }
        if (cursor < gc_horizon) return { requiresSnapshot: true as const, version, rows: [] as ChangeLogRow[] }
        const rows = await tx<ChangeLogRow[]>`
          SELECT server_version, table_name, pk, op, payload, device_id, op_id, hlc, clock FROM sync_changes
          WHERE workspace_id = ${scope.workspaceId} AND server_version > ${cursor} AND server_version <= ${version}
            AND (${filter}::text[] IS NULL OR table_name = ANY(${filter}::text[]))
          ORDER BY server_version LIMIT ${limit + 1}`
        return { requiresSnapshot: false as const, version, rows: [...rows] }
      })
      if (read.requiresSnapshot) return { changes: [], nextCursor: cursor, hasMore: false, requiresSnapshot: true }
      const hasMore = read.rows.length > limit
      const page = hasMore ? read.rows.slice(0, limit) : read.rows
      // Without more rows the device has seen everything up to the latest version, including
      // versions a `tables` filter skipped.
      const nextCursor = hasMore ? page[page.length - 1]!.server_version : Math.max(cursor, read.version)
      return { changes: page.map(toSyncChange), nextCursor, hasMore }
    },

    async snapshot(_ctx, { scope, atVersion, pageToken, limit, tables }) {
      const after = pageToken === undefined ? null : decodePageToken(pageToken)
      const filter = tablesParam(tables)
      const sql = await db.ready()
      const page = await sql.begin(READ_SNAPSHOT, async (tx) => {
        const [versions] = await tx<WorkspaceVersions[]>`
          SELECT version, gc_horizon FROM sync_workspace_versions WHERE workspace_id = ${scope.workspaceId}`
        const version = versions?.version ?? 0
        const pinned = atVersion ?? version
        if (pinned > version) {
          throw new ProviderError('VALIDATION', `atVersion ${pinned} is ahead of the workspace's latest version ${version}`, {
            fields: { atVersion: ['ahead of the latest version'] },
          })
        }
        const rows = await tx<CurrentRow[]>`
          SELECT table_name, pk, payload, deleted, server_version, device_id, op_id, hlc, clock FROM sync_rows
          WHERE workspace_id = ${scope.workspaceId} AND server_version <= ${pinned}
            AND (table_name, pk) > (${after?.tableName ?? ''}::text, ${after?.pk ?? ''}::text)
            AND (${filter}::text[] IS NULL OR table_name = ANY(${filter}::text[]))
          ORDER BY table_name, pk LIMIT ${limit + 1}`
        // Counted once, on the first page, in the same snapshot as its rows.
        const [count] =
          after === null
            ? await tx<{ total: number }[]>`
                SELECT COUNT(*) AS total FROM sync_rows
                WHERE workspace_id = ${scope.workspaceId} AND server_version <= ${pinned}
                  AND (${filter}::text[] IS NULL OR table_name = ANY(${filter}::text[]))`
            : []
        return { pinned, rows: [...rows], totalRows: count?.total }
      })
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

    async updateCursor(_ctx, { scope, deviceId, version }) {
      const sql = await db.ready()
      // Versions only grow, so a check against the latest one cannot be made stale by a push.
      const [latest] = await sql<{ version: number }[]>`
        SELECT version FROM sync_workspace_versions WHERE workspace_id = ${scope.workspaceId}`
      const latestVersion = latest?.version ?? 0
      if (version > latestVersion) {
        throw new ProviderError('VALIDATION', `cursor ${version} is ahead of the workspace's latest version ${latestVersion}`, {
          fields: { version: ['ahead of the latest version'] },
        })
      }
      const [moved] = await sql<{ cursor: number }[]>`
        INSERT INTO sync_device_cursors (workspace_id, device_id, cursor, updated_at)
        VALUES (${scope.workspaceId}, ${deviceId}, ${version}, ${now()})
        ON CONFLICT (workspace_id, device_id) DO UPDATE SET
          cursor = GREATEST(sync_device_cursors.cursor, excluded.cursor), updated_at = excluded.updated_at
        RETURNING cursor`
      return { cursor: moved!.cursor }
    },

    gcChangeLog: async (_ctx, { scope }) => ({ removed: await gc.gcChangeLog(scope.workspaceId) }),
    gcTombstones: async (_ctx, { scope }) => ({ removed: await gc.gcTombstones(scope.workspaceId) }),
    watch: (workspaceId, listener) => hub.add(workspaceId, listener),
  })
}
