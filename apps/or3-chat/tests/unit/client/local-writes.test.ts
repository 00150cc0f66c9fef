import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import { createLocalWriter } from '../../../app/core/db/local-writes'
import { closeTestDatabases, openTestDatabase } from './support/test-db'
import { thread } from './support/test-device'

async function setup(capture = true) {
  const db = await openTestDatabase()
  let time = 1_700_000_000_000
  const now = () => time++
  let captured = 0
  const writer = createLocalWriter({
    db,
    deviceId: 'dev-1',
    hlc: createHybridLogicalClock('dev-1', now),
    capture,
    now,
    onCaptured: () => captured++,
  })
  return { db, writer, captured: () => captured }
}

afterEach(closeTestDatabases)

describe('local writes', () => {
  it('records exactly one pending op per write, with the row as payload and a bumped clock', async () => {
    const { db, writer, captured } = await setup()
    const created = await writer.put('threads', thread('t1', 'Hello'))
    const renamed = await writer.patch('threads', 't1', { title: 'Renamed' })

    expect(created.clock).toBe(1)
    expect(renamed.clock).toBe(2)
    expect(renamed.hlc > created.hlc).toBe(true)
    const ops = await db.pending_ops.orderBy('seq').toArray()
    expect(ops).toHaveLength(2)
    expect(ops[1]!.op).toMatchObject({
      tableName: 'threads',
      operation: 'put',
      pk: 't1',
      payload: { id: 't1', title: 'Renamed', clock: 2, deleted: false },
      stamp: { deviceId: 'dev-1', clock: 2, hlc: renamed.hlc, opId: renamed.op_id },
    })
    // op_id and the sidebar's activity_at stay on the device.
    expect(renamed.activity_at).toBe(1)
    expect(ops[1]!.op.payload).not.toHaveProperty('op_id')
    expect(ops[1]!.op.payload).not.toHaveProperty('activity_at')
    expect(captured()).toBe(2)
  })

  it('writes the row and its op in one transaction: a failing batch leaves neither', async () => {
    const { db, writer } = await setup()
    await expect(
      writer.batch(async (w) => {
        await w.put('threads', thread('t1', 'first'))
        await w.put('messages', {
          id: 'm1',
          thread_id: 't1',
          role: 'user',
          content: 'hi',
          status: 'complete',
          model: null,
          file_hashes: [],
          index: 0,
          job_id: null,
          created_at: 1,
        })
        throw new Error('the UI changed its mind')
      }),
    ).rejects.toThrow('the UI changed its mind')
    expect(await db.threads.count()).toBe(0)
    expect(await db.messages.count()).toBe(0)
    expect(await db.pending_ops.count()).toBe(0)
  })

  it('refuses a row the server would refuse, before writing anything', async () => {
    const { db, writer } = await setup()
    await expect(writer.put('threads', thread('x'.repeat(300), 'too long a key'))).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(writer.put('threads', { ...thread('', 'no key') })).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(await db.threads.count()).toBe(0)
    expect(await db.pending_ops.count()).toBe(0)
  })

  it('never captures secrets or device-local kv keys, but stores them', async () => {
    const { db, writer } = await setup()
    await writer.put('kv', { name: 'api_key:openrouter', value: 'sk-or-secret' })
    await writer.put('kv', { name: 'device:sidebar_width', value: 320 })
    await writer.put('kv', { name: 'theme', value: 'dark' })
    await writer.softDelete('kv', 'api_key:openrouter')

    const ops = await db.pending_ops.toArray()
    expect(ops.map((row) => row.pk)).toEqual(['theme'])
    expect(JSON.stringify(ops)).not.toContain('sk-or-secret')
    expect(await db.kv.get('device:sidebar_width')).toMatchObject({ value: 320 })
  })

  it('soft-deletes to a tombstone without content and queues a delete op', async () => {
    const { db, writer } = await setup()
    await writer.put('threads', thread('t1', 'private title'))
    await writer.softDelete('threads', 't1')
    await writer.softDelete('threads', 't1')

    const row = await db.threads.get('t1')
    expect(row).toMatchObject({ id: 't1', deleted: true, clock: 2 })
    expect(row?.deleted_at).toEqual(expect.any(Number))
    expect(row).not.toHaveProperty('title')
    const ops = await db.pending_ops.orderBy('seq').toArray()
    expect(ops.map((row) => row.op.operation)).toEqual(['put', 'delete'])
    await expect(writer.patch('threads', 't1', { title: 'back?' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('writes rows without ops in local-only mode', async () => {
    const { db, writer, captured } = await setup(false)
    await writer.put('threads', thread('t1', 'offline forever'))
    expect(await db.threads.count()).toBe(1)
    expect(await db.pending_ops.count()).toBe(0)
    expect(captured()).toBe(0)
  })

  it('refuses a direct write to a synced table, which would never sync', async () => {
    const { db } = await setup()
    await expect(db.threads.put({ ...thread('t1', 'sneaky'), clock: 1, hlc: 'x', updated_at: 1, deleted: false, deleted_at: null })).rejects.toThrow(
      /outside a local-write or remote-apply transaction/,
    )
    expect(await db.threads.count()).toBe(0)
  })
})
