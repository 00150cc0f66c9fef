import { createHash, randomUUID } from 'node:crypto'
import type { PendingOp, SyncedTable, SyncPayload } from '../schemas/sync.ts'

// ---------------------------------------------------------------- time

export interface TestClock {
  now: () => number
  advance(ms: number): number
  set(ms: number): void
}

/** A fixed start (2026-01-01), so suites never depend on the wall clock. */
export const TEST_CLOCK_START = Date.UTC(2026, 0, 1)

/** A clock the suite moves by hand: windows, GC horizons, grace periods and expiry without sleeping. */
export function createTestClock(start = TEST_CLOCK_START): TestClock {
  let current = start
  return {
    now: () => current,
    advance(ms) {
      current += ms
      return current
    },
    set(ms) {
      current = ms
    },
  }
}

// ---------------------------------------------------------------- ids and hashes

/**
 * A readable id that is unique across runs, so a provider whose `create` cannot give a pristine
 * backend (a shared dev deployment) still sees independent workspaces per case.
 */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`
}

/** Content address as the storage protocol writes it: `sha256:<hex>`. */
export function sha256Hash(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

// ---------------------------------------------------------------- sync ops

let opCounter = 0

export interface OpOptions {
  table?: SyncedTable
  clock?: number
  hlc?: string
  opId?: string
  deviceId?: string
}

/** HLC text in the `<ms>:<counter>:<node>` form, zero-padded so string order is time order. */
export function makeHlc(ms: number, counter = 0, node = 'node'): string {
  return `${String(ms).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${node}`
}

function stampFor(options: OpOptions) {
  const opId = options.opId ?? `op-${++opCounter}-${randomUUID().slice(0, 8)}`
  const clock = options.clock ?? 1
  return {
    opId,
    stamp: { deviceId: options.deviceId ?? 'device-a', opId, hlc: options.hlc ?? makeHlc(clock), clock },
  }
}

/** A put with a snake_case payload shaped like a synced Dexie row. */
export function putOp(pk: string, fields: SyncPayload = {}, options: OpOptions = {}): PendingOp {
  const { opId, stamp } = stampFor(options)
  const tableName = options.table ?? 'threads'
  return {
    opId,
    tableName,
    operation: 'put',
    pk,
    payload: { id: pk, clock: stamp.clock, hlc: stamp.hlc, deleted: false, ...fields },
    stamp,
  }
}

export function deleteOp(pk: string, options: OpOptions = {}): PendingOp {
  const { opId, stamp } = stampFor(options)
  return { opId, tableName: options.table ?? 'threads', operation: 'delete', pk, stamp }
}
