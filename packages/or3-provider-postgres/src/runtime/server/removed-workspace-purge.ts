import { checkRetention, DEFAULT_RETENTION_MS, requireDatabase, type PostgresStoreOptions } from './store-options'

export interface RemovedWorkspacePurgeOptions extends PostgresStoreOptions {
  /** How long a removed workspace's data is kept before it is deleted (default 30 days). */
  retentionMs?: number
}

/** The tables keyed by workspace id without a foreign key to `workspaces` (sync data is written before any workspace row may exist). */
const WORKSPACE_DATA_TABLES = ['sync_changes', 'sync_rows', 'sync_op_ledger', 'sync_device_cursors', 'sync_workspace_versions', 'jobs']

/**
 * `removeWorkspace` only hides a workspace; this deletes, past the retention window, the
 * workspace and everything this database holds for it (memberships, invitations, synced rows,
 * change log, cursors, jobs), in one transaction. Returns how many workspaces it purged.
 */
export function createRemovedWorkspacePurge(options: RemovedWorkspacePurgeOptions): () => Promise<number> {
  const db = requireDatabase(options, 'The removed-workspace purge')
  const now = options.now ?? Date.now
  const retentionMs = checkRetention(options.retentionMs ?? DEFAULT_RETENTION_MS)

  return async () => {
    const sql = await db.ready()
    return (await sql.begin(async (tx) => {
      const ids = (await tx<{ id: string }[]>`
        SELECT id FROM workspaces WHERE deleted_at IS NOT NULL AND deleted_at <= ${now() - retentionMs} FOR UPDATE`).map((row) => row.id)
      if (ids.length === 0) return 0
      for (const table of WORKSPACE_DATA_TABLES) await tx`DELETE FROM ${tx(table)} WHERE workspace_id = ANY(${ids}::text[])`
      // Memberships, invitations and active-workspace choices go with it (ON DELETE CASCADE).
      await tx`DELETE FROM workspaces WHERE id = ANY(${ids}::text[])`
      return ids.length
    })) as number
  }
}
