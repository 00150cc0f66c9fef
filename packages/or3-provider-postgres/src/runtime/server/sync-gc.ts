import type { PostgresDatabase, TransactionSql } from './database'

/**
 * Garbage collection of the sync tables for one workspace. Each pass locks the workspace's counter
 * row, as a push does, so it never interleaves with a push to the same workspace. Both passes
 * raise the GC horizon to the highest version they made unreachable, so a device whose cursor is
 * below it is told to re-snapshot instead of silently missing changes.
 *
 * Only *active* devices (cursor updated within the retention window) hold GC back: a device that
 * has been away longer than that re-snapshots when it returns.
 */
export function createSyncGc(db: PostgresDatabase, now: () => number, retentionMs: number) {
  /**
   * Versions below this bound are no longer needed by any active device: the lowest active
   * cursor, or past the latest version when no device is active. `null`: nothing was ever pushed.
   */
  async function collectableBelow(tx: TransactionSql, workspaceId: string, cutoff: number): Promise<number | null> {
    const [latest] = await tx<{ version: number }[]>`
      SELECT version FROM sync_workspace_versions WHERE workspace_id = ${workspaceId} FOR UPDATE`
    if (!latest) return null
    const [lowest] = await tx<{ cursor: number | null }[]>`
      SELECT MIN(cursor) AS cursor FROM sync_device_cursors WHERE workspace_id = ${workspaceId} AND updated_at >= ${cutoff}`
    const cursor = lowest?.cursor ?? null
    return cursor === null ? latest.version + 1 : Math.min(cursor, latest.version + 1)
  }

  async function raiseHorizon(tx: TransactionSql, workspaceId: string, to: number) {
    await tx`UPDATE sync_workspace_versions SET gc_horizon = GREATEST(gc_horizon, ${to}::bigint) WHERE workspace_id = ${workspaceId}`
  }

  async function gcChangeLog(workspaceId: string): Promise<number> {
    const sql = await db.ready()
    return sql.begin(async (tx) => {
      const cutoff = now() - retentionMs
      const bound = await collectableBelow(tx, workspaceId, cutoff)
      if (bound === null) return 0
      // Old op ids stop being remembered with the changes they made; a replay of one after that
      // is ordered by its stamp like any other op, so it cannot overwrite a newer winner.
      await tx`DELETE FROM sync_op_ledger WHERE workspace_id = ${workspaceId} AND created_at < ${cutoff}`
      await tx`DELETE FROM sync_device_cursors WHERE workspace_id = ${workspaceId} AND updated_at < ${cutoff}`
      // Cut at one version, so the log stays a contiguous suffix even if the clock once went back.
      const [last] = await tx<{ version: number | null }[]>`
        SELECT MAX(server_version) AS version FROM sync_changes
        WHERE workspace_id = ${workspaceId} AND server_version < ${bound} AND created_at < ${cutoff}`
      const cut = last?.version ?? null
      if (cut === null) return 0
      const removed = await tx`DELETE FROM sync_changes WHERE workspace_id = ${workspaceId} AND server_version <= ${cut}`
      await raiseHorizon(tx, workspaceId, cut)
      return removed.count
    }) as Promise<number>
  }

  async function gcTombstones(workspaceId: string): Promise<number> {
    const sql = await db.ready()
    return sql.begin(async (tx) => {
      const cutoff = now() - retentionMs
      const bound = await collectableBelow(tx, workspaceId, cutoff)
      if (bound === null) return 0
      const removed = await tx<{ server_version: number }[]>`
        DELETE FROM sync_rows
        WHERE workspace_id = ${workspaceId} AND deleted AND updated_at < ${cutoff} AND server_version < ${bound}
        RETURNING server_version`
      if (removed.length === 0) return 0
      // A device below the last of them might never have pulled one of these deletes; a snapshot
      // no longer carries them, so it must start over from one.
      await raiseHorizon(tx, workspaceId, Math.max(...removed.map((row) => row.server_version)))
      return removed.length
    }) as Promise<number>
  }

  return { gcChangeLog, gcTombstones }
}
