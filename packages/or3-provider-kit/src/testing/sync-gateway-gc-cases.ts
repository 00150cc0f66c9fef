import { expect, vi } from 'vitest'
import type { SyncGatewayAdapter } from '../contracts/server.ts'
import { deleteOp, putOp, uniqueId } from './fixtures.ts'
import { expectProviderError, requireMethod, type ConformanceCase } from './harness.ts'
import {
  materialize,
  pullAll,
  push,
  range,
  snapshotAll,
  SYNC_RETENTION_MS,
  syncCtx,
  versionsOf,
  withSync,
  type SyncGatewayFactory,
} from './sync-gateway-fixtures.ts'

// Cursors, GC horizons and notifications. "Active" device cursor: one updated within the
// retention window; an idle device past it bootstraps again with a snapshot.

type SyncCase = ConformanceCase<SyncGatewayFactory>

const setCursor = (sync: SyncGatewayAdapter, workspaceId: string, deviceId: string, version: number) =>
  sync.updateCursor(syncCtx, { scope: { workspaceId }, deviceId, version })

const putRows = (sync: SyncGatewayAdapter, ws: string, from: number, to: number) =>
  push(sync, ws, range(from, to).map((i) => putOp(`row-${i}`, { title: `row ${i}` })))

const gcLog = (sync: SyncGatewayAdapter, workspaceId: string) =>
  requireMethod(sync, 'gcChangeLog')(syncCtx, { scope: { workspaceId } })

const cursorCases: SyncCase[] = [
  {
    name: 'updateCursor: only moves forward',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        await putRows(sync, ws, 1, 5)
        expect((await setCursor(sync, ws, 'phone', 5)).cursor, 'a cursor moves up').toBe(5)
        const lowered = await setCursor(sync, ws, 'phone', 3)
        expect(lowered.cursor, 'a lower value answers the stored, higher cursor').toBe(5)
        expect((await setCursor(sync, ws, 'laptop', 2)).cursor, 'cursors are per device').toBe(2)
      }),
  },
  {
    name: "updateCursor: a cursor past the workspace's latest version is a VALIDATION error",
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        await putRows(sync, ws, 1, 2)
        await expectProviderError(setCursor(sync, ws, 'phone', 3), 'VALIDATION', 'a cursor above the latest version')
        expect((await setCursor(sync, ws, 'phone', 2)).cursor, 'the refused value was not stored').toBe(2)
      }),
  },
]

const gcCases: SyncCase[] = [
  {
    needsClock: true,
    name: 'gcChangeLog: removes rows older than retention below the lowest active cursor',
    run: (factory) =>
      withSync(factory, async (sync, clock) => {
        const ws = uniqueId('ws')
        await putRows(sync, ws, 1, 3)
        clock.advance(SYNC_RETENTION_MS + 1)
        await putRows(sync, ws, 4, 6)
        await setCursor(sync, ws, 'phone', 6)
        const { removed } = await gcLog(sync, ws)
        expect(removed, 'the three old rows go; the recent ones stay even below the cursor').toBe(3)
        const after = await pullAll(sync, ws, 3)
        expect([after.requiresSnapshot, versionsOf(after.changes)], 'recent rows are still pulled').toEqual([false, [4, 5, 6]])
      }),
  },
  {
    needsClock: true,
    name: 'gcChangeLog: never removes a row an active device still needs',
    run: (factory) =>
      withSync(factory, async (sync, clock) => {
        const ws = uniqueId('ws')
        await putRows(sync, ws, 1, 6)
        clock.advance(SYNC_RETENTION_MS + 1)
        // Both devices are active (their cursors just moved) though every row is old.
        await setCursor(sync, ws, 'slow-device', 2)
        await setCursor(sync, ws, 'fast-device', 5)
        const { removed } = await gcLog(sync, ws)
        expect(removed, 'rows below the lowest active cursor are collected').toBeGreaterThanOrEqual(1)
        const slow = await pullAll(sync, ws, 2)
        expect(slow.requiresSnapshot, 'the slowest active device can still pull from its cursor').toBe(false)
        expect(versionsOf(slow.changes), 'and gets every change above it').toEqual([3, 4, 5, 6])
      }),
  },
  {
    needsClock: true,
    name: 'gcChangeLog: a device cursor idle for longer than retention no longer holds GC back',
    run: (factory) =>
      withSync(factory, async (sync, clock) => {
        const ws = uniqueId('ws')
        await putRows(sync, ws, 1, 3)
        await setCursor(sync, ws, 'lost-phone', 1)
        clock.advance(SYNC_RETENTION_MS + 1)
        await putRows(sync, ws, 4, 6)
        await setCursor(sync, ws, 'laptop', 6)
        const { removed } = await gcLog(sync, ws)
        expect(removed, 'the idle cursor at 1 does not keep versions 1-3').toBe(3)
        const lost = await pullAll(sync, ws, 1)
        expect(lost.requiresSnapshot, 'the idle device must bootstrap again').toBe(true)
      }),
  },
  {
    needsClock: true,
    name: 'pull: a cursor below the GC horizon answers requiresSnapshot; snapshot then pull restores everything',
    run: (factory) =>
      withSync(factory, async (sync, clock) => {
        const ws = uniqueId('ws')
        await putRows(sync, ws, 1, 3)
        await push(sync, ws, [deleteOp('row-2', { clock: 2 })])
        clock.advance(SYNC_RETENTION_MS + 1)
        await putRows(sync, ws, 5, 6)
        await setCursor(sync, ws, 'laptop', 6)
        await gcLog(sync, ws)
        const stale = await sync.pull(syncCtx, { scope: { workspaceId: ws }, cursor: 0, limit: 100 })
        expect(stale.requiresSnapshot, 'a pull that would miss collected changes must say so').toBe(true)
        const snapshot = await snapshotAll(sync, ws, { limit: 2 })
        const rest = await pullAll(sync, ws, snapshot.version)
        expect(rest.requiresSnapshot, 'a pull from the snapshot version is complete').toBe(false)
        const view = materialize(snapshot.rows, rest.changes)
        expect([...view].filter(([, row]) => !row.deleted).map(([key]) => key).sort(), 'the device ends with every live row').toEqual(
          ['row-1', 'row-3', 'row-5', 'row-6'].map((pk) => `threads/${pk}`),
        )
        expect(view.get('threads/row-2')?.deleted ?? true, 'and the deleted row stays deleted').toBe(true)
      }),
  },
  {
    needsClock: true,
    name: 'gcTombstones: removes tombstones older than retention and keeps newer ones',
    run: (factory) =>
      withSync(factory, async (sync, clock) => {
        const ws = uniqueId('ws')
        await push(sync, ws, [putOp('old'), putOp('live'), deleteOp('old', { clock: 2 })])
        clock.advance(SYNC_RETENTION_MS + 1)
        await push(sync, ws, [putOp('recent'), deleteOp('recent', { clock: 2 })])
        const { removed } = await requireMethod(sync, 'gcTombstones')(syncCtx, { scope: { workspaceId: ws } })
        expect(removed, 'exactly the one old tombstone').toBe(1)
        const { rows } = await snapshotAll(sync, ws)
        expect(rows.map((r) => [r.pk, r.deleted]).sort(), 'the old tombstone is gone; the rest stay').toEqual([
          ['live', false],
          ['recent', true],
        ])
      }),
  },
]

const watchCases: SyncCase[] = [
  {
    name: 'watch: listeners hear each new version of their own workspace until they unsubscribe',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const watch = requireMethod(sync, 'watch')
        const [a, b] = [uniqueId('ws-a'), uniqueId('ws-b')]
        const heardA: number[] = []
        const heardB: number[] = []
        const stopA = watch(a, (v) => heardA.push(v))
        const stopB = watch(b, (v) => heardB.push(v))
        try {
          await push(sync, a, [putOp('x'), putOp('y')])
          await vi.waitFor(() => expect(heardA.at(-1), 'the listener hears the batch').toBe(2), { timeout: 2000 })
          await push(sync, a, [putOp('z')])
          await vi.waitFor(() => expect(heardA.at(-1), 'and the next one').toBe(3), { timeout: 2000 })
          expect(heardA, 'versions are announced in order').toEqual([...heardA].sort((x, y) => x - y))
          expect(heardB, "B's listener hears nothing of A").toEqual([])
          stopA()
          await push(sync, a, [putOp('after-stop')])
          await new Promise((resolve) => setTimeout(resolve, 50))
          expect(heardA.at(-1), 'an unsubscribed listener hears nothing more').toBe(3)
        } finally {
          stopA()
          stopB()
        }
      }),
  },
]

export const syncGatewayGcCases: readonly SyncCase[] = [...cursorCases, ...gcCases, ...watchCases]
