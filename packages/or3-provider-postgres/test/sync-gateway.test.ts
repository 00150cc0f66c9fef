import { putOp } from 'or3-provider-kit/testing'
import type { SyncGatewayAdapter } from 'or3-provider-kit'
import { isProviderError } from 'or3-provider-kit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import postgres from 'postgres'
import { createDatabase, createPostgresSyncGateway, openDatabase, type PostgresDatabase } from '../src/runtime/index'
import { clusterConnection, disposeTestDatabase, openSecondPool, openTestDatabase } from './support/test-database'

const ctx = { userId: 'u1' }
const scope = { workspaceId: 'ws-1' }

const opened: PostgresDatabase[] = []
const owned: PostgresDatabase[] = []
/** A fresh schema, dropped after the test. */
async function database(): Promise<PostgresDatabase> {
  const db = await openTestDatabase()
  owned.push(db)
  return db
}
/** Another pool on `db`'s schema: a second server instance. */
async function secondInstance(db: PostgresDatabase): Promise<PostgresDatabase> {
  const other = await openSecondPool(db)
  opened.push(other)
  return other
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
  for (const db of owned.splice(0)) await disposeTestDatabase(db)
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

/** How long to wait for something announced asynchronously (a NOTIFY, a reconnect) on a busy machine. */
const HEARD = { timeout: 10_000, interval: 50 }

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('postgres sync gateway', () => {
  it('applies a batch all-or-nothing: a failure mid-batch leaves no trace', async () => {
    const db = await database()
    const sync = createPostgresSyncGateway({ db })
    await db.sql.unsafe(`
      CREATE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.pk = 'boom' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER fail_mid_batch BEFORE INSERT ON sync_changes FOR EACH ROW EXECUTE FUNCTION fail_on_boom();
    `).simple()
    const ops = [putOp('first'), putOp('boom'), putOp('third')]
    await rejection(sync.push(ctx, { scope, ops }))

    const counts = await db.sql`
      SELECT (SELECT COUNT(*) FROM sync_rows) AS rows, (SELECT COUNT(*) FROM sync_changes) AS changes,
             (SELECT COUNT(*) FROM sync_op_ledger) AS ledger, (SELECT COALESCE(MAX(version), 0) FROM sync_workspace_versions) AS version`
    expect(counts[0], 'no row, change, op id or version of the failed batch is stored').toEqual({ rows: 0, changes: 0, ledger: 0, version: 0 })
    expect(await pullVersions(sync), 'a reader sees nothing').toEqual([])

    await db.sql`DROP TRIGGER fail_mid_batch ON sync_changes`
    const retried = await sync.push(ctx, { scope, ops })
    expect(retried.results.map((r) => [r.applied, r.serverVersion]), 'the retry is new, from version 1').toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
    ])
  })

  it('two instances pushing at once get contiguous versions, and a reader never sees v+1 before v', async () => {
    const db = await database()
    const other = await secondInstance(db)
    const [a, b] = [createPostgresSyncGateway({ db }), createPostgresSyncGateway({ db: other })]
    const BATCHES = 40
    const OPS = 3
    const pushes = (sync: SyncGatewayAdapter, label: string) =>
      Promise.all(
        range(1, BATCHES).map(async (batch) => {
          const ops = range(1, OPS).map((i) => putOp(`${label}-${batch}-${i}`))
          return (await sync.push(ctx, { scope, ops })).results.map((r) => r.serverVersion)
        }),
      )

    // A third pool reads while both write: every page it gets must continue exactly where its
    // cursor was, with no version missing, however the writers' commits interleave.
    const reader = createPostgresSyncGateway({ db: await secondInstance(db) })
    let writing = true
    const reading = (async () => {
      let cursor = 0
      let pages = 0
      while (writing || cursor < 2 * BATCHES * OPS) {
        const page = await reader.pull(ctx, { scope, cursor, limit: 7 })
        const versions = page.changes.map((c) => c.serverVersion)
        expect(versions, `the page after ${cursor} starts right after it and has no gap`).toEqual(range(cursor + 1, cursor + versions.length))
        cursor = page.nextCursor
        pages++
      }
      return pages
    })()
    const [fromA, fromB] = await Promise.all([pushes(a, 'a'), pushes(b, 'b')])
    writing = false
    expect(await reading, 'the reader read while the writers wrote').toBeGreaterThan(1)

    const all = [...fromA, ...fromB].flat().sort((x, y) => x - y)
    expect(all, 'every op got its own version, none skipped').toEqual(range(1, 2 * BATCHES * OPS))
    for (const batch of [...fromA, ...fromB]) expect(batch, 'a batch holds consecutive versions').toEqual(range(batch[0]!, batch[0]! + OPS - 1))
    expect(await pullVersions(a), 'the log is gap-free').toEqual(range(1, 2 * BATCHES * OPS))
  })

  it('a change written through one instance reaches a watcher on another instance (LISTEN/NOTIFY)', async () => {
    const db = await database()
    const other = await secondInstance(db)
    const writer = createPostgresSyncGateway({ db })
    const watcher = createPostgresSyncGateway({ db: other })
    const heard: { version: number; visible: number[] }[] = []
    const stop = watcher.watch!(scope.workspaceId, (version) => {
      // What the watching instance can read when it hears the version: it must already be committed.
      void pullVersions(watcher).then((visible) => heard.push({ version, visible }))
    })
    const elsewhere: number[] = []
    const stopElsewhere = watcher.watch!('another-workspace', (v) => elsewhere.push(v))
    try {
      await vi.waitFor(async () => {
        // LISTEN on the other pool is asynchronous; a push before it is active is not announced.
        await writer.push(ctx, { scope, ops: [putOp(`probe-${Date.now()}-${Math.random()}`)] })
        expect(heard.length).toBeGreaterThan(0)
      }, HEARD)
      // Every probe is heard before the real change is written.
      const before = (await pullVersions(writer)).at(-1)!
      await vi.waitFor(() => expect(heard.at(-1)?.version).toBe(before), HEARD)
      await writer.push(ctx, { scope, ops: [putOp('x'), putOp('y')] })
      await vi.waitFor(() => expect(heard.at(-1)?.version, 'the watcher on the other instance hears the new version').toBe(before + 2), HEARD)
      expect(heard.at(-1)!.visible.at(-1), 'and can already read it').toBe(before + 2)
      expect(elsewhere, 'a watcher of another workspace hears nothing').toEqual([])
    } finally {
      stop()
      stopElsewhere()
    }
  })

  it('announces what was committed while its LISTEN connection was down, once it is back', async () => {
    // A database of its own: the test refuses new connections to it for a while.
    const name = `or3_listen_${process.pid}_${Date.now()}`
    const admin = postgres({ ...clusterConnection(), max: 1, onnotice: false })
    await admin`CREATE DATABASE ${admin(name)}`
    const db = await openDatabase({ connection: { ...clusterConnection(), database: name }, max: 2 })
    const other = await openDatabase({ connection: { ...clusterConnection(), database: name }, max: 2 })
    const writer = createPostgresSyncGateway({ db })
    const watcher = createPostgresSyncGateway({ db: other })
    const heard: number[] = []
    const stop = watcher.watch!(scope.workspaceId, (v) => heard.push(v))
    try {
      await vi.waitFor(async () => {
        await writer.push(ctx, { scope, ops: [putOp(`probe-${Math.random()}`)] })
        expect(heard.length).toBeGreaterThan(0)
      }, HEARD)
      const [listening] = await admin`SELECT pid FROM pg_stat_activity WHERE datname = ${name} AND query ILIKE 'listen %'`
      // Cut the watching instance's LISTEN connection and keep it from coming back (the writer's
      // pool keeps the connection it has), write, then let it reconnect on its own.
      await admin`ALTER DATABASE ${admin(name)} ALLOW_CONNECTIONS false`
      await admin`SELECT pg_terminate_backend(${listening!.pid}::int)`
      await vi.waitFor(async () => {
        expect(await admin`SELECT 1 FROM pg_stat_activity WHERE pid = ${listening!.pid}::int`).toHaveLength(0)
      }, HEARD)
      const written = await writer.push(ctx, { scope, ops: [putOp('while-away')] })
      expect(heard.at(-1), 'nobody could hear it yet').toBeLessThan(written.serverVersion)
      await admin`ALTER DATABASE ${admin(name)} ALLOW_CONNECTIONS true`
      await vi.waitFor(() => expect(heard.at(-1), 'the version written meanwhile is announced').toBe(written.serverVersion), {
        timeout: 15_000,
        interval: 100,
      })
    } finally {
      stop()
      await Promise.all([db.close(), other.close()])
      await admin`ALTER DATABASE ${admin(name)} ALLOW_CONNECTIONS true`
      await admin`DROP DATABASE ${admin(name)} WITH (FORCE)`
      await admin.end()
    }
   }, 20_000)

  it('remembers op ids across instances: a replay through another pool returns the first result', async () => {
    const db = await database()
    const op = putOp('t1', { title: 'once' })
    const first = await createPostgresSyncGateway({ db }).push(ctx, { scope, ops: [op] })
    const replay = await createPostgresSyncGateway({ db: await secondInstance(db) }).push(ctx, { scope, ops: [structuredClone(op)] })
    expect(replay).toEqual(first)
  })

  it('pages snapshots with tokens that fit the wire limit, even for long non-ASCII keys', async () => {
    const sync = createPostgresSyncGateway({ db: await database() })
    const longPk = 'ж'.repeat(256)
    await sync.push(ctx, { scope, ops: [putOp(longPk), putOp('z-last')] })
    const first = await sync.snapshot(ctx, { scope, limit: 1 })
    expect(first.nextPageToken!.length, 'within the 512 characters the request schema accepts').toBeLessThanOrEqual(512)
    const second = await sync.snapshot(ctx, { scope, atVersion: first.version, pageToken: first.nextPageToken!, limit: 1 })
    expect([...first.rows, ...second.rows].map((r) => r.pk).sort()).toEqual([longPk, 'z-last'].sort())
  })

  it('answers a server it cannot reach with UNAVAILABLE and a retry hint', async () => {
    const unreachable = createDatabase({ connection: { host: '/nonexistent-or3-socket-dir', port: 5432, connect_timeout: 2 }, schema: 'unused' })
    try {
      const error = await rejection(createPostgresSyncGateway({ db: unreachable }).push(ctx, { scope, ops: [putOp('x')] }))
      expect(isProviderError(error) && [error.code, error.retryAfterSeconds]).toEqual(['UNAVAILABLE', 5])
    } finally {
      await unreachable.close()
    }
  })
})
