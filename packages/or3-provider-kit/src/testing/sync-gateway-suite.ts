import { expect } from 'vitest'
import type { SyncGatewayAdapter } from '../contracts/server.ts'
import { SYNC_LIMITS, type PendingOp } from '../schemas/sync.ts'
import { deleteOp, makeHlc, putOp, uniqueId } from './fixtures.ts'
import { expectProviderError, runConformanceSuite, type ConformanceCase, type SuiteOptions } from './harness.ts'
import { syncGatewayGcCases } from './sync-gateway-gc-cases.ts'
import {
  keyOf,
  materialize,
  pullAll,
  push,
  pushOne,
  range,
  snapshotAll,
  syncCtx,
  versionsOf,
  withSync,
  type SyncCapability,
  type SyncGatewayFactory,
} from './sync-gateway-fixtures.ts'

type SyncCase = ConformanceCase<SyncGatewayFactory>

const idempotencyCases: SyncCase[] = [
  {
    name: 'push: a replayed opId in a later batch returns its first result and logs one change',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        const op = putOp('t1', { title: 'hello' })
        const first = await pushOne(sync, ws, op)
        expect(first.applied, 'a new op on a new row is applied').toBe(true)
        const replay = await pushOne(sync, ws, structuredClone(op))
        expect(replay, 'a replay answers exactly the first result').toEqual(first)
        const { changes } = await pullAll(sync, ws)
        expect(changes.filter((c) => c.stamp.opId === op.opId), 'a replayed op is logged once').toHaveLength(1)
      }),
  },
  {
    name: 'push: the same op twice in one batch is applied once',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        const op = putOp('t1', { title: 'hello' })
        const { results } = await push(sync, ws, [op, structuredClone(op)])
        expect(results, 'one result per op, in order').toHaveLength(2)
        expect(results[1], 'the repeat answers the first result').toEqual(results[0])
        const { changes } = await pullAll(sync, ws)
        expect(changes, 'one change in the log').toHaveLength(1)
      }),
  },
  {
    name: 'push: an opId reused with other content is a per-op CONFLICT and changes nothing',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        const op = putOp('t1', { title: 'original' })
        await pushOne(sync, ws, op)
        const tampered = { ...op, payload: { ...op.payload, title: 'overwritten' } }
        const result = await pushOne(sync, ws, tampered)
        expect(result.applied, 'a reused opId is never applied').toBe(false)
        expect(result.error?.code, 'a reused opId with other content is a CONFLICT').toBe('CONFLICT')
        const { changes } = await pullAll(sync, ws)
        expect(changes, 'the log holds only the original op').toHaveLength(1)
        const { rows } = await snapshotAll(sync, ws)
        expect(rows[0]?.payload?.title, 'the row keeps the original content').toBe('original')
      }),
  },
]

/** Pushes `winner` then `loser` for one row, and checks the loser changed nothing. */
async function expectLoserIgnored(sync: SyncGatewayAdapter, winner: PendingOp, loser: PendingOp) {
  const ws = uniqueId('ws')
  const won = await pushOne(sync, ws, winner)
  const lost = await pushOne(sync, ws, loser)
  expect(lost.applied, 'an op with a lower (clock, hlc, opId) loses, even when it arrives last').toBe(false)
  expect(lost.error, 'losing is not an error').toBeUndefined()
  expect(lost.serverVersion, "a losing op answers the winner's version").toBe(won.serverVersion)
  const { changes } = await pullAll(sync, ws)
  expect(changes.map((c) => c.stamp.opId), 'a losing op is not in the change log').toEqual([winner.opId])
  const { rows } = await snapshotAll(sync, ws)
  expect(rows[0]?.payload?.title, "the row keeps the winner's content").toBe(winner.payload?.title)
  return ws
}

const lwwCases: SyncCase[] = [
  {
    name: "LWW: a lower clock loses with the winner's version and stays out of the log; a higher one wins",
    run: (factory) =>
      withSync(factory, async (sync) => {
        // The loser's hlc is later: clock decides first.
        const winner = putOp('t1', { title: 'winner' }, { clock: 2, hlc: makeHlc(1000) })
        const ws = await expectLoserIgnored(sync, winner, putOp('t1', { title: 'loser' }, { clock: 1, hlc: makeHlc(9000) }))
        const next = await pushOne(sync, ws, putOp('t1', { title: 'newer' }, { clock: 3 }))
        expect(next.applied, 'a higher clock wins').toBe(true)
        expect(next.serverVersion, 'and gets the next version').toBe(2)
      }),
  },
  {
    name: 'LWW: equal clocks are ordered by hlc',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const winner = putOp('t1', { title: 'winner' }, { clock: 5, hlc: makeHlc(2000) })
        await expectLoserIgnored(sync, winner, putOp('t1', { title: 'loser' }, { clock: 5, hlc: makeHlc(1000) }))
      }),
  },
  {
    name: 'LWW: equal clocks and hlcs are ordered by opId',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const base = uniqueId('op')
        const same = { clock: 5, hlc: makeHlc(1000) }
        const winner = putOp('t1', { title: 'winner' }, { ...same, opId: `${base}-b` })
        await expectLoserIgnored(sync, winner, putOp('t1', { title: 'loser' }, { ...same, opId: `${base}-a` }))
      }),
  },
  {
    name: 'delete: leaves a tombstone that pull and snapshot show',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        await pushOne(sync, ws, putOp('t1', { title: 'doomed' }, { clock: 1 }))
        const deleted = await pushOne(sync, ws, deleteOp('t1', { clock: 2 }))
        expect(deleted.applied, 'a delete with a higher clock wins').toBe(true)
        const { changes } = await pullAll(sync, ws)
        expect(changes.map((c) => c.op), 'pull shows the put, then the delete').toEqual(['put', 'delete'])
        const { rows } = await snapshotAll(sync, ws)
        expect(rows.map((r) => [r.pk, r.deleted]), 'the snapshot keeps the row as a tombstone').toEqual([['t1', true]])
      }),
  },
  {
    name: 'delete: a late put with a lower stamp never resurrects the row; a higher one does',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        await pushOne(sync, ws, putOp('t1', { title: 'v1' }, { clock: 1, hlc: makeHlc(1000) }))
        const tombstone = await pushOne(sync, ws, deleteOp('t1', { clock: 2, hlc: makeHlc(2000) }))
        // An offline device's edit: lower clock, later wall time.
        const late = await pushOne(sync, ws, putOp('t1', { title: 'stale edit' }, { clock: 1, hlc: makeHlc(9000) }))
        expect(late.applied, 'a put whose stamp loses to the tombstone is not applied').toBe(false)
        expect(late.serverVersion, "it answers the tombstone's version").toBe(tombstone.serverVersion)
        let { rows } = await snapshotAll(sync, ws)
        expect(rows[0]?.deleted, 'the row stays deleted').toBe(true)
        const revived = await pushOne(sync, ws, putOp('t1', { title: 'restored' }, { clock: 3 }))
        expect(revived.applied, 'a put with a higher stamp than the tombstone wins').toBe(true)
        ;({ rows } = await snapshotAll(sync, ws))
        expect([rows[0]?.deleted, rows[0]?.payload?.title], 'the row is live again').toEqual([false, 'restored'])
      }),
  },
]

const orderingCases: SyncCase[] = [
  {
    name: 'versions: each applied op gets the next version, from 1 in a fresh workspace',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        const first = await push(sync, ws, [putOp('a'), putOp('b'), putOp('c')])
        expect(versionsOf(first.results), 'a batch gets consecutive versions in op order').toEqual([1, 2, 3])
        expect(first.serverVersion, "the response carries the workspace's latest version").toBe(3)
        const second = await push(sync, ws, [putOp('d'), putOp('e')])
        expect(versionsOf(second.results), 'the next batch continues without a gap').toEqual([4, 5])
        const { changes } = await pullAll(sync, ws)
        expect(versionsOf(changes), 'pull shows every version once, ascending').toEqual([1, 2, 3, 4, 5])
      }),
  },
  {
    name: 'versions: concurrent pushes get distinct, contiguous versions',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 1 + (b % 3) }, (_, i) => putOp(`row-${b}-${i}`)))
        const responses = await Promise.all(batches.map((ops) => push(sync, ws, ops)))
        const total = batches.flat().length
        const versions = responses.flatMap((r) => versionsOf(r.results)).sort((a, b) => a - b)
        expect(versions, 'no two ops share a version and none is skipped').toEqual(range(1, total))
        const { changes } = await pullAll(sync, ws)
        expect(versionsOf(changes), 'the log holds every version once, ascending').toEqual(range(1, total))
      }),
  },
  {
    name: 'pull: ascending by version, paged by limit with hasMore and nextCursor',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        await push(sync, ws, range(1, 7).map((i) => putOp(`row-${i}`)))
        const pages: number[][] = []
        let cursor = 0
        for (const expectMore of [true, true, false]) {
          const page = await sync.pull(syncCtx, { scope: { workspaceId: ws }, cursor, limit: 3 })
          expect(page.hasMore, `page ${pages.length + 1}: hasMore`).toBe(expectMore)
          pages.push(versionsOf(page.changes))
          cursor = page.nextCursor
        }
        expect(pages, 'pages of at most `limit` changes, ascending, none repeated').toEqual([[1, 2, 3], [4, 5, 6], [7]])
        expect(cursor, 'the last page points at the latest version').toBe(7)
        const empty = await sync.pull(syncCtx, { scope: { workspaceId: ws }, cursor, limit: 3 })
        expect([empty.changes.length, empty.hasMore, empty.nextCursor], 'an up-to-date device gets nothing').toEqual([0, false, 7])
      }),
  },
  {
    name: 'pull: tables limits the changes to those tables',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        await push(sync, ws, [putOp('t1'), putOp('m1', {}, { table: 'messages' }), putOp('t2'), putOp('m2', {}, { table: 'messages' })])
        const { changes } = await pullAll(sync, ws, 0, ['messages'])
        expect(changes.map((c) => c.pk), 'only rows of the asked tables').toEqual(['m1', 'm2'])
      }),
  },
]

const snapshotCases: SyncCase[] = [
  {
    name: 'snapshot: pages through every row once, tombstones included',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        await push(sync, ws, ['a', 'b', 'c', 'd', 'e'].map((pk) => putOp(pk, { title: pk })))
        await push(sync, ws, [deleteOp('c', { clock: 2 })])
        const { rows, version, pages } = await snapshotAll(sync, ws, { limit: 2 })
        expect(pages, 'five rows at limit 2 take three pages').toBe(3)
        expect(version, 'the snapshot pins the latest version').toBe(6)
        expect(rows.map(keyOf).sort(), 'every row exactly once').toEqual(['a', 'b', 'c', 'd', 'e'].map((pk) => `threads/${pk}`))
        const byPk = new Map(rows.map((r) => [r.pk, r]))
        expect(byPk.get('c')?.deleted, 'a deleted row is in the snapshot as a tombstone').toBe(true)
        expect(byPk.get('a')?.payload?.title, 'live rows carry their payload').toBe('a')
        expect(byPk.get('c')?.serverVersion, 'a row carries the version of its last change').toBe(6)
      }),
  },
  {
    name: 'snapshot: pins its version; later changes are left to the pull from it',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        const pks = ['r1', 'r2', 'r3', 'r4', 'r5']
        await push(sync, ws, pks.map((pk) => putOp(pk, { title: 'old' })))
        const { rows, version } = await snapshotAll(sync, ws, {
          limit: 2,
          // Change rows already sent, one not sent yet, and add one, while the device pages.
          betweenPages: async (firstPage) => {
            const [sent1, sent2] = firstPage.map((r) => r.pk)
            const unsent = pks.find((pk) => !firstPage.some((r) => r.pk === pk))!
            await push(sync, ws, [
              putOp(sent1!, { title: 'new' }, { clock: 2 }),
              deleteOp(sent2!, { clock: 2 }),
              putOp(unsent, { title: 'new' }, { clock: 2 }),
              putOp('late', { title: 'new' }),
            ])
          },
        })
        expect(version, 'the pin is the version when the snapshot began').toBe(5)
        expect(rows.every((r) => r.serverVersion <= version), 'no row newer than the pin').toBe(true)
        expect(rows.some((r) => r.pk === 'late'), 'a row created after the pin is not in the snapshot').toBe(false)
        expect(new Set(rows.map(keyOf)).size, 'no row twice').toBe(rows.length)
        const { changes } = await pullAll(sync, ws, version)
        expect(versionsOf(changes), 'the pull from the pin brings the later changes').toEqual([6, 7, 8, 9])
        const live = await snapshotAll(sync, ws)
        expect(materialize(rows, changes), 'snapshot + pull from its version = the current state').toEqual(materialize(live.rows))
      }),
  },
]

const tenancyCases: SyncCase[] = [
  {
    name: "tenancy: pull and snapshot never show another workspace's rows",
    run: (factory) =>
      withSync(factory, async (sync) => {
        const [a, b] = [uniqueId('ws-a'), uniqueId('ws-b')]
        await push(sync, a, [putOp('a-only', { title: 'A' }), putOp('same-pk', { title: 'A' })])
        await push(sync, b, [putOp('b-only', { title: 'B' }), putOp('same-pk', { title: 'B' })])
        await push(sync, b, [deleteOp('same-pk', { clock: 2 })])
        const { changes } = await pullAll(sync, a)
        expect(changes.map((c) => [c.pk, c.payload?.title]), "A's pull").toEqual([['a-only', 'A'], ['same-pk', 'A']])
        const { rows } = await snapshotAll(sync, a)
        const view = [...materialize(rows)].sort()
        expect(view, "A's snapshot: its own rows; B's delete of the same pk did not touch A").toEqual([
          ['threads/a-only', { deleted: false, payload: expect.objectContaining({ title: 'A' }) }],
          ['threads/same-pk', { deleted: false, payload: expect.objectContaining({ title: 'A' }) }],
        ])
      }),
  },
  {
    name: 'tenancy: opIds, versions and device cursors are per workspace',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const [a, b] = [uniqueId('ws-a'), uniqueId('ws-b')]
        const opId = uniqueId('op')
        await push(sync, a, [putOp('x', { title: 'A' }, { opId }), putOp('y')])
        const inB = await pushOne(sync, b, putOp('x', { title: 'B' }, { opId }))
        expect(inB.error, "an opId used in another workspace is not this workspace's CONFLICT").toBeUndefined()
        expect([inB.applied, inB.serverVersion], "B's first op is applied at B's version 1").toEqual([true, 1])
        const scopeA = { workspaceId: a }
        const scopeB = { workspaceId: b }
        expect((await sync.updateCursor(syncCtx, { scope: scopeA, deviceId: 'phone', version: 2 })).cursor).toBe(2)
        const inBCursor = await sync.updateCursor(syncCtx, { scope: scopeB, deviceId: 'phone', version: 1 })
        expect(inBCursor.cursor, "a device's cursor in B is independent of its cursor in A").toBe(1)
      }),
  },
]

const limitCases: SyncCase[] = [
  {
    name: `limits: more than ${SYNC_LIMITS.maxOpsPerPush} ops is a VALIDATION error and applies nothing`,
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        const ops = range(1, SYNC_LIMITS.maxOpsPerPush + 1).map((i) => putOp(`row-${i}`))
        await expectProviderError(push(sync, ws, ops), 'VALIDATION', 'a push over the op limit')
        const { changes } = await pullAll(sync, ws)
        expect(changes, 'nothing of a rejected batch is applied').toHaveLength(0)
      }),
  },
  {
    name: 'limits: a payload over 64 KiB is a per-op TOO_LARGE; the rest of the batch applies',
    run: (factory) =>
      withSync(factory, async (sync) => {
        const ws = uniqueId('ws')
        const huge = putOp('huge', { body: 'x'.repeat(SYNC_LIMITS.maxPayloadBytes + 1) })
        const { results } = await push(sync, ws, [putOp('before'), huge, putOp('after')])
        expect(results.map((r) => r.applied), 'only the oversize op is refused').toEqual([true, false, true])
        expect(results[1]?.error?.code, 'the oversize op is TOO_LARGE').toBe('TOO_LARGE')
        const { changes } = await pullAll(sync, ws)
        const stored = changes.map((c) => [c.pk, c.serverVersion])
        expect(stored, 'the others are stored with contiguous versions').toEqual([['before', 1], ['after', 2]])
      }),
  },
]

/** Every SyncGatewayAdapter guarantee, by name. */
export const syncGatewayCases: readonly SyncCase[] = [
  ...idempotencyCases,
  ...lwwCases,
  ...orderingCases,
  ...snapshotCases,
  ...tenancyCases,
  ...limitCases,
  ...syncGatewayGcCases,
]

export interface SyncGatewaySuiteOptions<T extends SyncGatewayAdapter> extends SyncGatewayFactory<T>, SuiteOptions<SyncCapability> {}

/**
 * Registers the sync conformance suite, e.g.
 * `testSyncGateway({ name: 'sqlite', create: ({ now, retentionMs }) => createSqliteSyncGateway({ path: ':memory:', now, retentionMs }) })`.
 */
export function testSyncGateway<T extends SyncGatewayAdapter>(options: SyncGatewaySuiteOptions<T>): void {
  runConformanceSuite('SyncGatewayAdapter', syncGatewayCases, options as SyncGatewayFactory, options)
}
