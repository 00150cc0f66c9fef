import type { OpError, PushResult } from 'or3-provider-kit'
import { payloadBytes, SYNC_LIMITS } from 'or3-provider-kit/sync'
import type { PendingOpRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'

/**
 * The outbox: pending ops in `pending_ops`, oldest first. Only the newest op of a row matters
 * (its clock is the highest, so it wins last-writer-wins over every older one), so older ops of
 * the same table+pk are dropped before sending. An op with `error` is parked: the server gave a
 * verdict that will not change on retry, so it is shown to the user instead of resent.
 */

const rowKey = (row: Pick<PendingOpRow, 'table_name' | 'pk'>) => `${row.table_name}\u0000${row.pk}`

/**
 * Coalesces the outbox and returns the next batch (≤ `limit` ops, oldest first). Ops whose payload
 * is over the server's limit are parked here with the error the server would give, so one huge
 * row can never make a whole batch too big to send.
 */
export async function takeBatch(db: WorkspaceDatabase, limit: number = SYNC_LIMITS.maxOpsPerPush): Promise<PendingOpRow[]> {
  return db.transaction('rw', db.pending_ops, async () => {
    const rows = await db.pending_ops.orderBy('seq').toArray()
    const newest = new Map<string, PendingOpRow>()
    for (const row of rows) newest.set(rowKey(row), row)
    const superseded = rows.filter((row) => newest.get(rowKey(row)) !== row).map((row) => row.seq!)
    if (superseded.length) await db.pending_ops.bulkDelete(superseded)

    const batch: PendingOpRow[] = []
    for (const row of newest.values()) {
      if (row.error) continue
      const bytes = payloadBytes(row.op.payload)
      if (bytes > SYNC_LIMITS.maxPayloadBytes) {
        const error: OpError = {
          code: 'TOO_LARGE',
          message: `This ${row.table_name} row is ${bytes} bytes; rows sync up to ${SYNC_LIMITS.maxPayloadBytes} bytes`,
        }
        await db.pending_ops.update(row.seq!, { error })
        continue
      }
      batch.push(row)
    }
    return batch.sort((a, b) => a.seq! - b.seq!).slice(0, limit)
  })
}

/**
 * Applies the server's per-op answers: applied → done; not applied without error → done too (it
 * lost last-writer-wins and the winner arrives by pull); an error → parked. An op the server did
 * not answer stays pending and goes out with the next batch.
 */
export async function settleBatch(db: WorkspaceDatabase, batch: PendingOpRow[], results: PushResult[]): Promise<void> {
  const byOpId = new Map(results.map((result) => [result.opId, result]))
  await db.transaction('rw', db.pending_ops, async () => {
    for (const row of batch) {
      const result = byOpId.get(row.op.opId)
      if (!result) continue
      if (result.error) await db.pending_ops.update(row.seq!, { error: result.error })
      else await db.pending_ops.delete(row.seq!)
    }
  })
}

/** Parks ops the server refused as a whole request (a verdict that will not change on retry). */
export async function parkOps(db: WorkspaceDatabase, rows: PendingOpRow[], error: OpError): Promise<void> {
  await db.transaction('rw', db.pending_ops, async () => {
    for (const row of rows) await db.pending_ops.update(row.seq!, { error })
  })
}

export interface OutboxCounts {
  pending: number
  failed: PendingOpRow[]
}

export async function countOutbox(db: WorkspaceDatabase): Promise<OutboxCounts> {
  const rows = await db.pending_ops.toArray()
  const live = new Map<string, PendingOpRow>()
  for (const row of rows) live.set(rowKey(row), row)
  const newest = [...live.values()]
  return { pending: newest.filter((row) => !row.error).length, failed: newest.filter((row) => row.error) }
}

/** Puts parked ops back in the queue (after the user fixed what the server refused, or to try again). */
export async function unparkAll(db: WorkspaceDatabase): Promise<void> {
  await db.pending_ops.toCollection().modify((row) => {
    row.error = null
  })
}

/** Gives up on parked ops: the local rows stay as they are, unsynced until they are edited again. */
export async function discardParked(db: WorkspaceDatabase): Promise<void> {
  await db.pending_ops.filter((row) => row.error !== null).delete()
}
