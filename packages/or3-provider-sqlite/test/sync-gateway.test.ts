import { createTestClock, deleteOp, putOp } from 'or3-provider-kit/testing'
import type { SyncGatewayAdapter } from 'or3-provider-kit'
import { isProviderError } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteSyncGateway, openDatabase } from '../src/runtime/index'
import { OPS_PER_BATCH, PUSH_BATCHES, SHARED_WORKSPACE_ID } from './support/instance-worker'
import { runTwoInstances } from './support/run-instances'
import { createTempDatabase, type TempDatabase } from './support/temp-database'

const ctx = { userId: 'u1' }
const SYNC_RETENTION_MS = 7 * 24 * 60 * 60 * 1000
const scope = { workspaceId: 'ws-1' }

const temps: TempDatabase[] = []
function tempDatabase(): TempDatabase {
  const temp = createTempDatabase()
  temps.push(temp)
  return temp
}
afterEach(() => {
  for (const temp of temps.splice(0)) temp.dispose()
})

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

/** Every version in the log, following hasMore. */
async function pullVersions(sync: SyncGatewayAdapter, workspaceId = scope.workspaceId): Promise<number[]> {
  const versions: number[] = []
  let cursor = 0
  for (;;) {
    const page = await sync.pull(ctx, { scope: { workspaceId }, cursor, limit: 1000 })
    versions.push(...page.changes.map((c) => c.serverVersion))
    cursor = page.nextCursor
    if (!page.hasMore) return versions
  }
}

describe('sqlite sync gateway', () => {
  it('applies a batch all-or-nothing: a failure mid-batch leaves no trace', async () => {
    const { db } = tempDatabase()
    const sync = createSqliteSyncGateway({ db })
    // Fails the second op's change-log insert, after the first op has been written.
    db.run(`CREATE TRIGGER fail_mid_batch BEFORE INSERT ON sync_changes WHEN NEW.pk = 'boom'
            BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`)
    const ops = [putOp('first'), putOp('boom'), putOp('third')]
    await rejection(sync.push(ctx, { scope, ops }))

    const count = (table: string) => (db.query(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
    expect(
      ['sync_rows', 'sync_changes', 'sync_op_ledger', 'sync_workspace_versions'].map((t) => [t, count(t)]),
      'no row, change, op id or version of the failed batch is stored',
    ).toEqual([['sync_rows', 0], ['sync_changes', 0], ['sync_op_ledger', 0], ['sync_workspace_versions', 0]])
    expect(await pullVersions(sync), 'a reader sees nothing').toEqual([])

    db.run('DROP TRIGGER fail_mid_batch')
    const retried = await sync.push(ctx, { scope, ops })
    expect(retried.results.map((r) => [r.applied, r.serverVersion]), 'the retry is new, from version 1').toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
    ])
  })

  it('keeps versions contiguous when two connections take turns on one file', async () => {
    const { path, db } = tempDatabase()
    const other = openDatabase(path)
    try {
      const [a, b] = [createSqliteSyncGateway({ db }), createSqliteSyncGateway({ db: other })]
      for (let i = 0; i < 5; i++) {
        await a.push(ctx, { scope, ops: [putOp(`a-${i}`), putOp(`a-${i}-2`)] })
        await b.push(ctx, { scope, ops: [putOp(`b-${i}`)] })
      }
      expect(await pullVersions(a), 'each connection continues the other one’s count').toEqual(
        Array.from({ length: 15 }, (_, i) => i + 1),
      )
    } finally {
      other.close()
    }
  })

  it('keeps versions contiguous across two processes pushing at once', async () => {
    const { path, db } = tempDatabase()
    const [a, b] = await runTwoInstances<number[][]>('push', path)
    const total = 2 * PUSH_BATCHES * OPS_PER_BATCH
    const all = [...a, ...b].flat().sort((x, y) => x - y)
    expect(all, 'every op got its own version, none skipped').toEqual(Array.from({ length: total }, (_, i) => i + 1))
    for (const batch of [...a, ...b]) {
      expect(batch, 'a batch holds consecutive versions').toEqual(batch.map((_, i) => batch[0]! + i))
    }
    const sync = createSqliteSyncGateway({ db })
    expect(await pullVersions(sync, SHARED_WORKSPACE_ID), 'the log is gap-free').toEqual(Array.from({ length: total }, (_, i) => i + 1))
  }, 30_000)

  it('announces a version to watchers only after it is committed', async () => {
    const { path, db } = tempDatabase()
    const reader = openDatabase(path)
    try {
      const sync = createSqliteSyncGateway({ db })
      const seenByOtherConnection: number[][] = []
      const readerSync = createSqliteSyncGateway({ db: reader })
      // A listener runs synchronously; what another connection can read then is what is committed.
      const stop = sync.watch!(scope.workspaceId, () => {
        const rows = reader.query('SELECT server_version FROM sync_changes ORDER BY server_version').all() as {
          server_version: number
        }[]
        seenByOtherConnection.push(rows.map((r) => r.server_version))
      })
      await sync.push(ctx, { scope, ops: [putOp('a'), putOp('b')] })
      stop()
      expect(seenByOtherConnection).toEqual([[1, 2]])
      expect(await pullVersions(readerSync)).toEqual([1, 2])
    } finally {
      reader.close()
    }
  })

  it('remembers op ids across a restart: a replay after reopening returns the first result', async () => {
    const { path, db } = tempDatabase()
    const op = putOp('t1', { title: 'once' })
    const first = await createSqliteSyncGateway({ db }).push(ctx, { scope, ops: [op] })
    const reopened = openDatabase(path)
    try {
      const replay = await createSqliteSyncGateway({ db: reopened }).push(ctx, { scope, ops: [structuredClone(op)] })
      expect(replay).toEqual(first)
    } finally {
      reopened.close()
    }
  })

  it('collecting tombstones sends devices that may have missed them to a snapshot', async () => {
    const clock = createTestClock()
    const sync = createSqliteSyncGateway({ db: openDatabase(':memory:'), now: clock.now, retentionMs: SYNC_RETENTION_MS })
    await sync.push(ctx, { scope, ops: [putOp('gone'), deleteOp('gone', { clock: 2 }), putOp('kept')] })
    clock.advance(SYNC_RETENTION_MS + 1)
    expect(await sync.gcTombstones!(ctx, { scope })).toEqual({ removed: 1 })
    const stale = await sync.pull(ctx, { scope, cursor: 1, limit: 100 })
    expect(stale.requiresSnapshot, 'a device below the collected delete must re-snapshot').toBe(true)
    const current = await sync.pull(ctx, { scope, cursor: 2, limit: 100 })
    expect([current.requiresSnapshot, current.changes.map((c) => c.pk)], 'one past it pulls on').toEqual([undefined, ['kept']])
  })

  it('keeps tombstones an active device has not pulled yet', async () => {
    const clock = createTestClock()
    const sync = createSqliteSyncGateway({ db: openDatabase(':memory:'), now: clock.now, retentionMs: SYNC_RETENTION_MS })
    await sync.push(ctx, { scope, ops: [putOp('gone'), deleteOp('gone', { clock: 2 })] })
    clock.advance(SYNC_RETENTION_MS + 1)
    await sync.updateCursor(ctx, { scope, deviceId: 'slow-phone', version: 1 })
    expect(await sync.gcTombstones!(ctx, { scope }), 'the active device at 1 still needs the delete at 2').toEqual({
      removed: 0,
    })
    const slow = await sync.pull(ctx, { scope, cursor: 1, limit: 100 })
    expect(slow.changes.map((c) => c.op), 'and pulls it').toEqual(['delete'])
  })

  it('pages snapshots with tokens that fit the wire limit, even for long non-ASCII keys', async () => {
    const sync = createSqliteSyncGateway({ db: openDatabase(':memory:') })
    const longPk = 'ж'.repeat(256)
    await sync.push(ctx, { scope, ops: [putOp(longPk), putOp('z-last')] })
    const first = await sync.snapshot(ctx, { scope, limit: 1 })
    expect(first.nextPageToken!.length, 'within the 512 characters the request schema accepts').toBeLessThanOrEqual(512)
    const second = await sync.snapshot(ctx, { scope, atVersion: first.version, pageToken: first.nextPageToken!, limit: 1 })
    expect([...first.rows, ...second.rows].map((r) => r.pk).sort()).toEqual([longPk, 'z-last'].sort())
    const forged = await rejection(sync.snapshot(ctx, { scope, atVersion: first.version, pageToken: 'not-ours', limit: 1 }))
    expect([isProviderError(forged), (forged as { code?: string }).code]).toEqual([true, 'VALIDATION'])
  })

  it('answers a busy database with UNAVAILABLE and a retry hint', async () => {
    const { path, db } = tempDatabase()
    const writer = openDatabase(path)
    try {
      db.run('PRAGMA busy_timeout = 0')
      const sync = createSqliteSyncGateway({ db })
      writer.run('BEGIN IMMEDIATE')
      const error = await rejection(sync.push(ctx, { scope, ops: [putOp('x')] }))
      expect(isProviderError(error) && [error.code, error.retryAfterSeconds]).toEqual(['UNAVAILABLE', 1])
    } finally {
      writer.run('ROLLBACK')
      writer.close()
    }
  })
})
