import { expect } from 'vitest'
import type { SyncGatewayAdapter } from '../contracts/server.ts'
import type { PendingOp, PushResponse, SnapshotRow, SyncChange, SyncedTable } from '../schemas/sync.ts'
import type { ConformanceFactory } from './harness.ts'
import { withInstance } from './harness.ts'
import { createTestClock, type TestClock } from './fixtures.ts'

/** What the sync suite controls in every instance it creates. */
export interface SyncGatewaySettings {
  now: () => number
  /** Age after which change-log rows, tombstones and idle device cursors may be collected. */
  retentionMs: number
}

export type SyncGatewayFactory<T extends SyncGatewayAdapter = SyncGatewayAdapter> = ConformanceFactory<SyncGatewaySettings, T>

export type SyncCapability = 'gcChangeLog' | 'gcTombstones' | 'watch'

export const DAY_MS = 24 * 60 * 60 * 1000
export const SYNC_RETENTION_MS = 7 * DAY_MS

/** Core has authorized this caller before any adapter call. */
export const syncCtx = { userId: 'conformance-user' }

export async function withSync(
  factory: SyncGatewayFactory,
  body: (sync: SyncGatewayAdapter, clock: TestClock) => Promise<void>,
): Promise<void> {
  const clock = createTestClock()
  await withInstance(factory, { now: clock.now, retentionMs: SYNC_RETENTION_MS }, (sync) => body(sync, clock))
}

export function push(sync: SyncGatewayAdapter, workspaceId: string, ops: PendingOp[]): Promise<PushResponse> {
  return sync.push(syncCtx, { scope: { workspaceId }, ops })
}

/** Pushes one op and returns its result. */
export async function pushOne(sync: SyncGatewayAdapter, workspaceId: string, op: PendingOp) {
  const { results } = await push(sync, workspaceId, [op])
  expect(results, 'push answers one result per op').toHaveLength(1)
  return results[0]!
}

/** Every change after `cursor`, following hasMore/nextCursor. */
export async function pullAll(
  sync: SyncGatewayAdapter,
  workspaceId: string,
  cursor = 0,
  tables?: SyncedTable[],
): Promise<{ changes: SyncChange[]; nextCursor: number; requiresSnapshot: boolean }> {
  const changes: SyncChange[] = []
  for (let page = 0; page < 1000; page++) {
    const response = await sync.pull(syncCtx, { scope: { workspaceId }, cursor, limit: 1000, tables })
    if (response.requiresSnapshot) return { changes, nextCursor: response.nextCursor, requiresSnapshot: true }
    changes.push(...response.changes)
    expect(response.nextCursor, 'nextCursor never moves backwards').toBeGreaterThanOrEqual(cursor)
    cursor = response.nextCursor
    if (!response.hasMore) return { changes, nextCursor: cursor, requiresSnapshot: false }
  }
  throw new Error('pull kept answering hasMore for 1000 pages')
}

/**
 * Every snapshot row, page by page. `betweenPages` runs after the first page, to change the
 * workspace while a device is in the middle of its bootstrap.
 */
export async function snapshotAll(
  sync: SyncGatewayAdapter,
  workspaceId: string,
  options: { limit?: number; betweenPages?: (firstPage: SnapshotRow[]) => Promise<void> } = {},
): Promise<{ rows: SnapshotRow[]; version: number; pages: number }> {
  const scope = { workspaceId }
  const first = await sync.snapshot(syncCtx, { scope, limit: options.limit ?? 1000 })
  const rows = [...first.rows]
  await options.betweenPages?.(first.rows)
  let { hasMore, nextPageToken } = first
  let pages = 1
  while (hasMore) {
    expect(nextPageToken, 'a snapshot page with hasMore carries a nextPageToken').toBeTruthy()
    const next = await sync.snapshot(syncCtx, {
      scope,
      atVersion: first.version,
      pageToken: nextPageToken ?? undefined,
      limit: options.limit ?? 1000,
    })
    expect(next.version, 'every snapshot page answers the version the first page pinned').toBe(first.version)
    rows.push(...next.rows)
    ;({ hasMore, nextPageToken } = next)
    if (++pages > 1000) throw new Error('snapshot kept answering hasMore for 1000 pages')
  }
  expect(nextPageToken, 'the last snapshot page has no nextPageToken').toBeNull()
  // Optional, but when an adapter counts, the count is the rows its pages hold; a row changed
  // while the device pages drops out of the pinned view (the pull from the pin brings it).
  if (first.totalRows !== undefined) {
    if (options.betweenPages) expect(first.totalRows, "the first page's totalRows").toBeGreaterThanOrEqual(rows.length)
    else expect(first.totalRows, "the first page's totalRows").toBe(rows.length)
  }
  return { rows, version: first.version, pages }
}

export const keyOf = (row: { tableName: string; pk: string }) => `${row.tableName}/${row.pk}`

export interface RowState {
  deleted: boolean
  payload?: Record<string, unknown>
}

/** A device's view: snapshot rows, then the pulled changes applied in order. */
export function materialize(rows: SnapshotRow[], changes: SyncChange[] = []): Map<string, RowState> {
  const view = new Map<string, RowState>()
  for (const row of rows) view.set(keyOf(row), { deleted: row.deleted, payload: row.deleted ? undefined : row.payload })
  for (const change of changes) {
    view.set(keyOf(change), { deleted: change.op === 'delete', payload: change.op === 'delete' ? undefined : change.payload })
  }
  return view
}

export const versionsOf = (changes: { serverVersion: number }[]) => changes.map((c) => c.serverVersion)

/** [from, from+1, ..., to] */
export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)
