import Dexie from 'dexie'
import { ProviderError, SYNCED_TABLES, pendingOpSchema, type PendingOp, type SyncedTable } from 'or3-provider-kit'
import { shouldSyncRow } from './capture-policy'
import type { HybridLogicalClock } from './hlc'
import { rowToPayload, withDeviceFields } from './row-payload'
import { PK_FIELD, type PendingOpRow, type SyncFields, type SyncedRow, type SyncedRowByTable } from './synced-rows'
import type { WorkspaceDatabase } from './workspace-database'
import { markTransaction } from './write-guard'

type SyncFieldName = keyof SyncFields
/** What a caller writes: the domain fields; the writer owns the sync fields. */
export type RowInput<T extends SyncedTable> = Omit<SyncedRowByTable[T], SyncFieldName>
export type RowPatch<T extends SyncedTable> = Partial<Omit<SyncedRowByTable[T], SyncFieldName | (typeof PK_FIELD)[T]>>

export interface LocalWriter {
  /** Creates or replaces a row (a tombstoned row comes back to life). */
  put<T extends SyncedTable>(table: T, row: RowInput<T>): Promise<SyncedRowByTable[T]>
  /** Changes some fields of a live row; NOT_FOUND when it is missing or deleted. */
  patch<T extends SyncedTable>(table: T, pk: string, changes: RowPatch<T>, options?: PatchOptions): Promise<SyncedRowByTable[T]>
  /** Tombstones a row: it stays (content dropped) until the server's GC horizon. No-op when already gone. */
  softDelete(table: SyncedTable, pk: string): Promise<void>
  /**
   * Runs several writes in one transaction: all of them and their pending ops commit, or none.
   * `alsoTables` adds device-only tables the same transaction writes (an import's file_blobs).
   */
  batch<R>(writes: (writer: LocalWriter) => Promise<R>, options?: BatchOptions): Promise<R>
}

export interface BatchOptions {
  alsoTables?: readonly DeviceOnlyTable[]
}

/** Tables that never sync, so a batch may write them directly next to its synced rows. */
export type DeviceOnlyTable = 'file_blobs'

export interface LocalWriterOptions {
  db: WorkspaceDatabase
  deviceId: string
  hlc: HybridLogicalClock
  /** false in local-only mode: rows are written, nothing is queued for a server. */
  capture: boolean
  now?: () => number
  newOpId?: () => string
  /** Runs after a write that queued an op; the sync engine pushes soon after. */
  onCaptured?: () => void
}

export interface PatchOptions {
  /**
   * The change must win over every write of the row made without seeing it, whatever the HLC
   * (a user's rename against a title generated on another device meanwhile): its clock advances
   * by OUTRANKING_CLOCK_STEP instead of 1. Last-writer-wins compares the clock first, so only a
   * write that built on this one (or another outranking write) can beat it.
   */
  outranksConcurrentWrites?: boolean
}

/** Far more writes than a device makes to one row before it syncs, and far below 2^53 however often it is used. */
export const OUTRANKING_CLOCK_STEP = 1_000_000

const WRITE_SCOPE = [...SYNCED_TABLES, 'pending_ops'] as const

/**
 * Every local change to a synced table goes through here. Each write bumps the row's `clock`,
 * stamps a fresh `hlc`, and records its pending op in the SAME Dexie transaction, so a crash can
 * never leave a change without its op or an op without its change.
 */
export function createLocalWriter(options: LocalWriterOptions): LocalWriter {
  const { db, deviceId, hlc, capture } = options
  const now = options.now ?? Date.now
  const newOpId = options.newOpId ?? (() => crypto.randomUUID())

  /** Opens (or joins) the marked write transaction; nested calls share the outer one. */
  function inWriteTransaction<R>(body: () => Promise<R>, alsoTables: readonly DeviceOnlyTable[] = []): Promise<R> {
    return db.transaction('rw', [...WRITE_SCOPE, ...alsoTables], async (tx) => {
      markTransaction(tx, 'local')
      return body()
    })
  }

  async function commit<T extends SyncedTable>(
    table: T,
    pk: string,
    previous: SyncedRow | undefined,
    content: Record<string, unknown>,
    deleted: boolean,
    clockStep = 1,
  ): Promise<SyncedRowByTable[T]> {
    const opId = newOpId()
    const at = now()
    const row = {
      ...content,
      [PK_FIELD[table]]: pk,
      clock: (previous?.clock ?? 0) + clockStep,
      hlc: hlc.next(),
      updated_at: at,
      deleted,
      deleted_at: deleted ? at : null,
      op_id: opId,
    } as unknown as SyncedRowByTable[T]
    withDeviceFields(table, row)
    const syncs = capture && shouldSyncRow(table, pk)
    const op = syncs ? buildOp(table, pk, row, opId) : null
    await db.syncedTable(table).put(row)
    if (op) {
      const pending: PendingOpRow = { op, table_name: table, pk, error: null, created_at: at }
      await db.pending_ops.add(pending)
    }
    return row
  }

  function buildOp(table: SyncedTable, pk: string, row: SyncedRow, opId: string): PendingOp {
    const candidate = {
      opId,
      tableName: table,
      operation: row.deleted ? 'delete' : 'put',
      pk,
      payload: rowToPayload(row),
      stamp: { deviceId, opId, hlc: row.hlc, clock: row.clock },
    }
    const parsed = pendingOpSchema.safeParse(candidate)
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
      throw new ProviderError('VALIDATION', `Cannot save this ${table} row: ${detail}`)
    }
    return parsed.data
  }

  const writer: LocalWriter = {
    async put(table, input) {
      const pk = (input as Record<string, unknown>)[PK_FIELD[table]]
      if (typeof pk !== 'string' || !pk) {
        throw new ProviderError('VALIDATION', `A ${table} row needs its '${PK_FIELD[table]}' as a non-empty string`)
      }
      return inWriteTransaction(async () => {
        const previous = await db.syncedTable(table).get(pk)
        return commit(table, pk, previous, input as Record<string, unknown>, false)
      }).then(notify)
    },

    patch(table, pk, changes, patchOptions = {}) {
      return inWriteTransaction(async () => {
        const previous = await db.syncedTable(table).get(pk)
        if (!previous || previous.deleted) throw new ProviderError('NOT_FOUND', `No ${table} row '${pk}' to change`)
        const step = patchOptions.outranksConcurrentWrites ? OUTRANKING_CLOCK_STEP : 1
        return commit(table, pk, previous, { ...previous, ...changes }, false, step)
      }).then(notify)
    },

    async softDelete(table, pk) {
      await inWriteTransaction(async () => {
        const previous = await db.syncedTable(table).get(pk)
        if (!previous || previous.deleted) return
        // The tombstone keeps only the key and the sync fields: deleted content leaves the device too.
        await commit(table, pk, previous, {}, true)
      })
      notify(undefined)
    },

    batch(writes, batchOptions) {
      return inWriteTransaction(() => writes(writer), batchOptions?.alsoTables).then(notify)
    },
  }

  function notify<R>(value: R): R {
    // Only after the outermost transaction: a write inside a batch commits with the batch.
    if (Dexie.currentTransaction) return value
    db.changeFeed.emit({ type: 'local-write' })
    if (capture) options.onCaptured?.()
    return value
  }

  return writer
}
