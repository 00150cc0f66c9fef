import type { PendingOp, PushResult } from 'or3-provider-kit'
import { compareStamps, opFingerprint } from 'or3-provider-kit/server'
import type { PostgresDatabase } from './database'

export interface PushOutcome {
  results: PushResult[]
  /** The workspace's latest version after the batch. */
  serverVersion: number
  /** True when at least one op won, i.e. there is a new version to announce. */
  advanced: boolean
}

interface LedgerEntry {
  fingerprint: string
  applied: boolean
  server_version: number
}

interface Winner {
  op_id: string
  hlc: string
  clock: number
  server_version: number
}

interface WrittenRow {
  tableName: string
  pk: string
  payload: string | null
  deleted: boolean
  stamp: PendingOp['stamp']
  version: number
}

const keyOf = (tableName: string, pk: string) => `${tableName}\u0000${pk}`

/**
 * The write path of sync: one transaction per batch, so the batch is all-or-nothing. Its first
 * statement locks the workspace's counter row FOR UPDATE, and the lock is held until COMMIT, so
 * pushes to one workspace run one after another whichever instance runs them: versions are
 * assigned contiguously, and version v+1 cannot commit before v has (a reader never sees v+1
 * without v). The NOTIFY is part of the same transaction: PostgreSQL delivers it at commit, in
 * commit order, and never for a batch that rolled back.
 *
 * The batch is decided in memory from two reads (its op ids' ledger entries, its rows' current
 * winners) and written with three set-based statements, so a 100-op batch is a handful of round
 * trips rather than hundreds.
 */
export async function pushBatch(db: PostgresDatabase, workspaceId: string, ops: readonly PendingOp[], at: number): Promise<PushOutcome> {
  const sql = await db.ready()
  return sql.begin(async (tx) => {
    await tx`INSERT INTO sync_workspace_versions (workspace_id) VALUES (${workspaceId}) ON CONFLICT DO NOTHING`
    const [counter] = await tx<{ version: number }[]>`
      SELECT version FROM sync_workspace_versions WHERE workspace_id = ${workspaceId} FOR UPDATE`
    const firstVersion = counter!.version
    if (ops.length === 0) return { results: [], serverVersion: firstVersion, advanced: false }

    const opIds = [...new Set(ops.map((op) => op.opId))]
    const ledger = new Map<string, LedgerEntry>()
    for (const row of await tx<(LedgerEntry & { op_id: string })[]>`
      SELECT op_id, fingerprint, applied, server_version FROM sync_op_ledger
      WHERE workspace_id = ${workspaceId} AND op_id = ANY(${opIds}::text[])`) {
      ledger.set(row.op_id, row)
    }
    const winners = new Map<string, Winner>()
    for (const row of await tx<(Winner & { table_name: string; pk: string })[]>`
      SELECT r.table_name, r.pk, r.op_id, r.hlc, r.clock, r.server_version
      FROM sync_rows r
      JOIN unnest(${ops.map((op) => op.tableName)}::text[], ${ops.map((op) => op.pk)}::text[]) AS k (table_name, pk)
        ON r.table_name = k.table_name AND r.pk = k.pk
      WHERE r.workspace_id = ${workspaceId}`) {
      winners.set(keyOf(row.table_name, row.pk), row)
    }

    let version = firstVersion
    const results: PushResult[] = []
    const rows = new Map<string, WrittenRow>()
    const changes: (WrittenRow & { op: PendingOp['operation'] })[] = []
    const newLedger: (LedgerEntry & { op_id: string })[] = []

    for (const op of ops) {
      const fingerprint = opFingerprint(op)
      const seen = ledger.get(op.opId)
      if (seen) {
        results.push(
          seen.fingerprint === fingerprint
            ? { opId: op.opId, applied: seen.applied, serverVersion: seen.server_version }
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

      const key = keyOf(op.tableName, op.pk)
      const winner = winners.get(key)
      let result: PushResult
      if (winner && compareStamps(op.stamp, { clock: winner.clock, hlc: winner.hlc, opId: winner.op_id }) <= 0) {
        result = { opId: op.opId, applied: false, serverVersion: winner.server_version }
      } else {
        version += 1
        // A tombstone carries no content, whatever the delete op sent along.
        const payload = op.operation === 'delete' || op.payload === undefined ? null : JSON.stringify(op.payload)
        const written = { tableName: op.tableName, pk: op.pk, payload, deleted: op.operation === 'delete', stamp: op.stamp, version }
        rows.set(key, written)
        changes.push({ ...written, op: op.operation })
        winners.set(key, { op_id: op.stamp.opId, hlc: op.stamp.hlc, clock: op.stamp.clock, server_version: version })
        result = { opId: op.opId, applied: true, serverVersion: version }
      }
      const entry = { op_id: op.opId, fingerprint, applied: result.applied, server_version: result.serverVersion }
      ledger.set(op.opId, entry)
      newLedger.push(entry)
      results.push(result)
    }

    if (rows.size > 0) {
      const written = [...rows.values()]
      await tx`
        INSERT INTO sync_rows
          (workspace_id, table_name, pk, payload, deleted, device_id, op_id, hlc, clock, server_version, updated_at)
        SELECT ${workspaceId}, * , ${at}::bigint FROM unnest(
          ${written.map((r) => r.tableName)}::text[], ${written.map((r) => r.pk)}::text[],
          ${written.map((r) => r.payload)}::text[], ${written.map((r) => r.deleted)}::boolean[],
          ${written.map((r) => r.stamp.deviceId)}::text[], ${written.map((r) => r.stamp.opId)}::text[],
          ${written.map((r) => r.stamp.hlc)}::text[], ${written.map((r) => r.stamp.clock)}::bigint[],
          ${written.map((r) => r.version)}::bigint[])
        ON CONFLICT (workspace_id, table_name, pk) DO UPDATE SET
          payload = excluded.payload, deleted = excluded.deleted, device_id = excluded.device_id,
          op_id = excluded.op_id, hlc = excluded.hlc, clock = excluded.clock,
          server_version = excluded.server_version, updated_at = excluded.updated_at`
      await tx`
        INSERT INTO sync_changes
          (workspace_id, server_version, table_name, pk, op, payload, device_id, op_id, hlc, clock, created_at)
        SELECT ${workspaceId}, *, ${at}::bigint FROM unnest(
          ${changes.map((c) => c.version)}::bigint[], ${changes.map((c) => c.tableName)}::text[],
          ${changes.map((c) => c.pk)}::text[], ${changes.map((c) => c.op)}::text[],
          ${changes.map((c) => c.payload)}::text[], ${changes.map((c) => c.stamp.deviceId)}::text[],
          ${changes.map((c) => c.stamp.opId)}::text[], ${changes.map((c) => c.stamp.hlc)}::text[],
          ${changes.map((c) => c.stamp.clock)}::bigint[])`
    }
    if (newLedger.length > 0) {
      await tx`
        INSERT INTO sync_op_ledger (workspace_id, op_id, fingerprint, applied, server_version, created_at)
        SELECT ${workspaceId}, *, ${at}::bigint FROM unnest(
          ${newLedger.map((e) => e.op_id)}::text[], ${newLedger.map((e) => e.fingerprint)}::text[],
          ${newLedger.map((e) => e.applied)}::boolean[], ${newLedger.map((e) => e.server_version)}::bigint[])`
    }
    if (version !== firstVersion) {
      await tx`UPDATE sync_workspace_versions SET version = ${version} WHERE workspace_id = ${workspaceId}`
      await tx`SELECT pg_notify(${db.channel}, ${JSON.stringify({ w: workspaceId, v: version })})`
    }
    return { results, serverVersion: version, advanced: version !== firstVersion }
  }) as Promise<PushOutcome>
}
