import type { Database } from 'bun:sqlite'
import type { PendingOp, PushResult } from 'or3-provider-kit'
import { compareStamps, opFingerprint } from 'or3-provider-kit/server'

export interface PushOutcome {
  results: PushResult[]
  /** The workspace's latest version after the batch. */
  serverVersion: number
  /** True when at least one op won, i.e. there is a new version to announce. */
  advanced: boolean
}

interface LedgerRow {
  fingerprint: string
  applied: number
  server_version: number
}

interface WinnerRow {
  op_id: string
  hlc: string
  clock: number
  server_version: number
}

/**
 * The write path of sync: one IMMEDIATE transaction per batch, so the batch is all-or-nothing and
 * versions are assigned while holding the database's write lock. That is what keeps them
 * contiguous per workspace across processes, and a reader never sees v+1 without v.
 */
export function createPushTransaction(db: Database, now: () => number) {
  const sql = {
    readCounter: db.prepare<{ version: number }, [string]>(
      'SELECT version FROM sync_workspace_versions WHERE workspace_id = ?',
    ),
    createCounter: db.prepare<never, [string]>(
      'INSERT INTO sync_workspace_versions (workspace_id, version, gc_horizon) VALUES (?, 0, 0)',
    ),
    writeCounter: db.prepare<never, [string, number]>(
      'UPDATE sync_workspace_versions SET version = ?2 WHERE workspace_id = ?1',
    ),
    readLedger: db.prepare<LedgerRow, [string, string]>(
      'SELECT fingerprint, applied, server_version FROM sync_op_ledger WHERE workspace_id = ? AND op_id = ?',
    ),
    writeLedger: db.prepare<never, [string, string, string, number, number, number]>(
      `INSERT INTO sync_op_ledger (workspace_id, op_id, fingerprint, applied, server_version, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    readWinner: db.prepare<WinnerRow, [string, string, string]>(
      'SELECT op_id, hlc, clock, server_version FROM sync_rows WHERE workspace_id = ? AND table_name = ? AND pk = ?',
    ),
    writeRow: db.prepare<never, [string, string, string, string | null, number, string, string, string, number, number, number]>(
      `INSERT INTO sync_rows
         (workspace_id, table_name, pk, payload, deleted, device_id, op_id, hlc, clock, server_version, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, table_name, pk) DO UPDATE SET
         payload = excluded.payload, deleted = excluded.deleted, device_id = excluded.device_id,
         op_id = excluded.op_id, hlc = excluded.hlc, clock = excluded.clock,
         server_version = excluded.server_version, updated_at = excluded.updated_at`,
    ),
    appendChange: db.prepare<never, [string, number, string, string, string, string | null, string, string, string, number, number]>(
      `INSERT INTO sync_changes
         (workspace_id, server_version, table_name, pk, op, payload, device_id, op_id, hlc, clock, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  }

  function readVersion(workspaceId: string): number {
    const counter = sql.readCounter.get(workspaceId)
    if (counter) return counter.version
    sql.createCounter.run(workspaceId)
    return 0
  }

  function applyBatch(workspaceId: string, ops: readonly PendingOp[]): PushOutcome {
    const at = now()
    const firstVersion = readVersion(workspaceId)
    let version = firstVersion
    const results: PushResult[] = []

    for (const op of ops) {
      const fingerprint = opFingerprint(op)
      const seen = sql.readLedger.get(workspaceId, op.opId)
      if (seen) {
        results.push(
          seen.fingerprint === fingerprint
            ? { opId: op.opId, applied: seen.applied === 1, serverVersion: seen.server_version }
            : {
                opId: op.opId,
                applied: false,
                serverVersion: version,
                error: {
                  code: 'CONFLICT',
                  message: `opId ${op.opId} was already used for a different change; give every change its own opId`,
                },
              },
        )
        continue
      }

      const winner = sql.readWinner.get(workspaceId, op.tableName, op.pk)
      let result: PushResult
      if (winner && compareStamps(op.stamp, { clock: winner.clock, hlc: winner.hlc, opId: winner.op_id }) <= 0) {
        result = { opId: op.opId, applied: false, serverVersion: winner.server_version }
      } else {
        version += 1
        // A tombstone carries no content, whatever the delete op sent along.
        const payload = op.operation === 'delete' || op.payload === undefined ? null : JSON.stringify(op.payload)
        const { deviceId, opId, hlc, clock } = op.stamp
        const deleted = op.operation === 'delete' ? 1 : 0
        sql.writeRow.run(workspaceId, op.tableName, op.pk, payload, deleted, deviceId, opId, hlc, clock, version, at)
        sql.appendChange.run(workspaceId, version, op.tableName, op.pk, op.operation, payload, deviceId, opId, hlc, clock, at)
        result = { opId: op.opId, applied: true, serverVersion: version }
      }
      sql.writeLedger.run(workspaceId, op.opId, fingerprint, result.applied ? 1 : 0, result.serverVersion, at)
      results.push(result)
    }

    if (version !== firstVersion) sql.writeCounter.run(workspaceId, version)
    return { results, serverVersion: version, advanced: version !== firstVersion }
  }

  const transaction = db.transaction(applyBatch)
  return (workspaceId: string, ops: readonly PendingOp[]): PushOutcome => transaction.immediate(workspaceId, ops)
}
