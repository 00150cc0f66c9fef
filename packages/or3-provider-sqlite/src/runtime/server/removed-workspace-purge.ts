import { checkRetention, DEFAULT_RETENTION_MS, resolveStoreDatabase, type SqliteStoreOptions } from './store-options'

export interface RemovedWorkspacePurgeOptions extends SqliteStoreOptions {
  /** How long a removed workspace's data is kept before it is deleted (default 30 days). */
  retentionMs?: number
}

/**
 * `removeWorkspace` only hides a workspace; this deletes, past the retention window, the
 * workspace and everything this database holds for it (memberships, synced rows, change log,
 * cursors, jobs). Returns how many workspaces it purged.
 */
export function createRemovedWorkspacePurge(options: RemovedWorkspacePurgeOptions): () => number {
  const db = resolveStoreDatabase(options, 'The removed-workspace purge')
  const now = options.now ?? Date.now
  const retentionMs = checkRetention(options.retentionMs ?? DEFAULT_RETENTION_MS)

  const expired = db.prepare<{ id: string }, [number]>(
    'SELECT id FROM workspaces WHERE deleted_at IS NOT NULL AND deleted_at <= ?',
  )
  const deletions = [
    'sync_changes',
    'sync_rows',
    'sync_op_ledger',
    'sync_device_cursors',
    'sync_workspace_versions',
    'jobs',
  ].map((table) => db.prepare<never, [string]>(`DELETE FROM ${table} WHERE workspace_id = ?`))
  // Memberships and active-workspace choices go with it (ON DELETE CASCADE).
  const deleteWorkspace = db.prepare<never, [string]>('DELETE FROM workspaces WHERE id = ?')

  const purge = db.transaction((): number => {
    const ids = expired.all(now() - retentionMs).map((row) => row.id)
    for (const id of ids) {
      for (const deletion of deletions) deletion.run(id)
      deleteWorkspace.run(id)
    }
    return ids.length
  })
  return () => purge.immediate()
}
