import 'fake-indexeddb/auto'
import type { ChangeStamp } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import { createLocalWriter } from '../../../app/core/db/local-writes'
import { applyRemoteChanges, inRemoteTransaction, type RemoteChange } from '../../../app/core/sync/apply-remote'
import { closeTestDatabases, openTestDatabase } from './support/test-db'
import { thread } from './support/test-device'

const WALL = 1_700_000_000_000
const stamp = (clock: number, ms: number, opId: string, deviceId = 'dev-remote'): ChangeStamp => ({
  deviceId,
  opId,
  clock,
  hlc: `${String(ms).padStart(13, '0')}:0000:${deviceId}`,
})
const remotePut = (pk: string, title: string, s: ChangeStamp): RemoteChange => ({
  tableName: 'threads',
  pk,
  deleted: false,
  payload: { ...thread(pk, title), clock: s.clock, hlc: s.hlc, updated_at: 5, deleted: false, deleted_at: null },
  stamp: s,
})

async function setup() {
  const db = await openTestDatabase()
  const hlc = createHybridLogicalClock('dev-local', () => WALL)
  const writer = createLocalWriter({ db, deviceId: 'dev-local', hlc, capture: true, now: () => WALL })
  const apply = (changes: RemoteChange[], fromSnapshot = false) =>
    inRemoteTransaction(db, () => applyRemoteChanges(db, changes, hlc, { fromSnapshot }))
  return { db, hlc, writer, apply }
}

afterEach(closeTestDatabases)

describe('applying remote changes (last writer wins)', () => {
  it('applies a change for a row this device does not have, without queueing an op (no echo)', async () => {
    const { db, apply } = await setup()
    expect(await apply([remotePut('t1', 'from B', stamp(1, WALL, 'op-b1'))])).toBe(1)
    expect(await db.threads.get('t1')).toMatchObject({ title: 'from B', clock: 1, op_id: 'op-b1' })
    expect(await db.pending_ops.count()).toBe(0)
  })

  it('lets a remote change win over an older synced local row, and lose to a newer one', async () => {
    const { db, writer, apply } = await setup()
    await writer.put('threads', thread('t1', 'local v1'))
    await db.pending_ops.clear() // as if pushed and acknowledged

    expect(await apply([remotePut('t1', 'remote v2', stamp(2, WALL - 1000, 'op-b2'))])).toBe(1)
    expect((await db.threads.get('t1'))?.title).toBe('remote v2')

    // Same clock, older hlc: loses.
    expect(await apply([remotePut('t1', 'remote stale', stamp(2, WALL - 5000, 'op-b0'))])).toBe(0)
    expect((await db.threads.get('t1'))?.title).toBe('remote v2')
  })

  it('treats an equal stamp (the echo of a change already here) as no change', async () => {
    const { db, apply } = await setup()
    const s = stamp(1, WALL, 'op-b1')
    await apply([remotePut('t1', 'once', s)])
    const before = await db.threads.get('t1')
    expect(await apply([remotePut('t1', 'twice?', s)])).toBe(0)
    expect(await db.threads.get('t1')).toEqual(before)
  })

  it('keeps a local row whose pending op wins, and drops a pending op that loses', async () => {
    const { db, writer, apply } = await setup()
    await writer.put('threads', thread('t1', 'mine'))
    await writer.patch('threads', 't1', { title: 'mine, edited' }) // clock 2, pending

    expect(await apply([remotePut('t1', 'theirs', stamp(1, WALL + 9_999, 'op-b1'))])).toBe(0)
    expect((await db.threads.get('t1'))?.title).toBe('mine, edited')
    expect(await db.pending_ops.count()).toBe(2)

    expect(await apply([remotePut('t1', 'theirs, later', stamp(3, WALL, 'op-b3'))])).toBe(1)
    expect((await db.threads.get('t1'))?.title).toBe('theirs, later')
    expect(await db.pending_ops.count()).toBe(0)
  })

  it('applies remote deletes as content-free tombstones that a stale put cannot resurrect', async () => {
    const { db, apply } = await setup()
    await apply([remotePut('t1', 'alive', stamp(1, WALL, 'op-1'))])
    await apply([{ tableName: 'threads', pk: 't1', deleted: true, stamp: stamp(2, WALL, 'op-2') }])
    expect(await db.threads.get('t1')).toMatchObject({ deleted: true, clock: 2 })
    expect(await db.threads.get('t1')).not.toHaveProperty('title')
    await apply([remotePut('t1', 'zombie', stamp(1, WALL + 1, 'op-1b'))])
    expect((await db.threads.get('t1'))?.deleted).toBe(true)
  })

  it('never accepts a secret or device-local kv row from the server', async () => {
    const { db, writer, apply } = await setup()
    await writer.put('kv', { name: 'api_key:openrouter', value: 'mine' })
    await apply([
      { tableName: 'kv', pk: 'api_key:openrouter', deleted: false, payload: { name: 'api_key:openrouter', value: 'evil' }, stamp: stamp(9, WALL, 'op-x') },
    ])
    expect((await db.kv.get('api_key:openrouter'))?.value).toBe('mine')
  })

  it('moves the local clock past remote stamps, so the next local edit wins', async () => {
    const { db, writer, apply } = await setup()
    await apply([remotePut('t1', 'from a fast clock', stamp(4, WALL + 60_000, 'op-b4'))])
    const edited = await writer.patch('threads', 't1', { title: 'edited here' })
    expect(edited.clock).toBe(5)
    expect(edited.hlc > stamp(4, WALL + 60_000, 'op-b4').hlc).toBe(true)
    expect(await db.pending_ops.count()).toBe(1)
  })
})
