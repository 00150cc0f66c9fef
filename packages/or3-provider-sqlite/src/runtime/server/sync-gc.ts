import type { Database } from 'bun:sqlite'

/**
 * Garbage collection of the sync tables for one workspace. Both passes raise the workspace's GC
 * horizon to the highest version they made unreachable, so a device whose cursor is below it is
 * told to re-snapshot instead of silently missing changes.
 *
 * Only *active* devices (cursor updated within the retention window) hold GC back: a device that
 * has been away longer than that re-snapshots when it returns.
 */
export function createSyncGc(db: Database, now: () => number, retentionMs: number) {
  const sql = {
    latestVersion: db.prepare<{ version: number }, [string]>(
      'SELECT version FROM sync_workspace_versions WHERE workspace_id = ?',
    ),
    lowestActiveCursor: db.prepare<{ cursor: number | null }, [string, number]>(
      'SELECT MIN(cursor) AS cursor FROM sync_device_cursors WHERE workspace_id = ? AND updated_at >= ?',
    ),
    lastCollectableChange: db.prepare<{ version: number | null }, [string, number, number]>(
      `SELECT MAX(server_version) AS version FROM sync_changes
       WHERE workspace_id = ? AND server_version < ? AND created_at < ?`,
    ),
    deleteChangesUpTo: db.prepare<never, [string, number]>(
      'DELETE FROM sync_changes WHERE workspace_id = ? AND server_version <= ?',
    ),
    // Old op ids stop being remembered with the changes they made; a replay of one after that is
    // ordered by its stamp like any other op, so it cannot overwrite a newer winner.
    deleteOldLedger: db.prepare<never, [string, number]>(
      'DELETE FROM sync_op_ledger WHERE workspace_id = ? AND created_at < ?',
    ),
    deleteIdleCursors: db.prepare<never, [string, number]>(
      'DELETE FROM sync_device_cursors WHERE workspace_id = ? AND updated_at < ?',
    ),
    lastCollectableTombstone: db.prepare<{ version: number | null }, [string, number, number]>(
      `SELECT MAX(server_version) AS version FROM sync_rows
       WHERE workspace_id = ? AND deleted = 1 AND updated_at < ? AND server_version < ?`,
    ),
    deleteTombstones: db.prepare<never, [string, number, number]>(
      `DELETE FROM sync_rows
       WHERE workspace_id = ? AND deleted = 1 AND updated_at < ? AND server_version < ?`,
    ),
    raiseHorizon: db.prepare<never, [string, number]>(
      'UPDATE sync_workspace_versions SET gc_horizon = MAX(gc_horizon, ?2) WHERE workspace_id = ?1',
    ),
  }

  /**
   * Versions below this bound are no longer needed by any active device: the lowest active
   * cursor, or past the latest version when no device is active. `null`: nothing was ever pushed.
   */
  function collectableBelow(workspaceId: string, cutoff: number): number | null {
    const latest = sql.latestVersion.get(workspaceId)
    if (!latest) return null
    const lowest = sql.lowestActiveCursor.get(workspaceId, cutoff)?.cursor ?? null
    return lowest === null ? latest.version + 1 : Math.min(lowest, latest.version + 1)
  }

  const collectChangeLog = db.transaction((workspaceId: string): number => {
    const cutoff = now() - retentionMs
    const bound = collectableBelow(workspaceId, cutoff)
    if (bound === null) return 0
    sql.deleteOldLedger.run(workspaceId, cutoff)
    sql.deleteIdleCursors.run(workspaceId, cutoff)
    // Cut at one version, so the log stays a contiguous suffix even if the clock once went back.
    const cut = sql.lastCollectableChange.get(workspaceId, bound, cutoff)?.version ?? null
    if (cut === null) return 0
    const removed = sql.deleteChangesUpTo.run(workspaceId, cut).changes
    sql.raiseHorizon.run(workspaceId, cut)
    return removed
  })

  const collectTombstones = db.transaction((workspaceId: string): number => {
    const cutoff = now() - retentionMs
    const bound = collectableBelow(workspaceId, cutoff)
    if (bound === null) return 0
    const last = sql.lastCollectableTombstone.get(workspaceId, cutoff, bound)?.version ?? null
    if (last === null) return 0
    const removed = sql.deleteTombstones.run(workspaceId, cutoff, bound).changes
    // A device below `last` might never have pulled one of these deletes; a snapshot no longer
    // carries them, so it must start over from one.
    sql.raiseHorizon.run(workspaceId, last)
    return removed
  })

  return {
    gcChangeLog: (workspaceId: string): number => collectChangeLog.immediate(workspaceId),
    gcTombstones: (workspaceId: string): number => collectTombstones.immediate(workspaceId),
  }
}
