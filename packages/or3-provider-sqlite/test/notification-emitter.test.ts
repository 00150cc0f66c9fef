import { describe, expect, it } from 'vitest'
import {
  createSqliteNotificationEmitter,
  createSqliteSyncGateway,
  openDatabase,
  SERVER_DEVICE_ID,
} from '../src/runtime/index.js'

const ctx = { userId: 'u1' }

describe('sqlite notification emitter', () => {
  it('writes a notifications row through the push path: versioned, pulled, announced', async () => {
    const db = openDatabase(':memory:')
    const at = Date.UTC(2026, 0, 1)
    const sync = createSqliteSyncGateway({ db })
    const emitter = createSqliteNotificationEmitter({ db, now: () => at })
    await sync.push(ctx, {
      scope: { workspaceId: 'ws-1' },
      ops: [{ opId: 'o1', tableName: 'threads', operation: 'put', pk: 't1', payload: { id: 't1' }, stamp: { deviceId: 'd', opId: 'o1', hlc: 'a', clock: 1 } }],
    })
    const heard: number[] = []
    const stop = sync.watch!('ws-1', (v) => heard.push(v))
    const { id } = await emitter.emit({ workspaceId: 'ws-1', userId: 'u1', type: 'job.done', title: 'Reply ready', threadId: 't1' })
    stop()

    const { changes } = await sync.pull(ctx, { scope: { workspaceId: 'ws-1' }, cursor: 1, limit: 10 })
    expect(changes).toHaveLength(1)
    const [change] = changes
    expect([change!.tableName, change!.pk, change!.op, change!.serverVersion]).toEqual(['notifications', id, 'put', 2])
    expect(change!.stamp.deviceId, 'written by the server, not a device').toBe(SERVER_DEVICE_ID)
    expect(change!.payload).toMatchObject({
      id,
      user_id: 'u1',
      type: 'job.done',
      title: 'Reply ready',
      thread_id: 't1',
      read_at: null,
      created_at: at,
      clock: 1,
      deleted: false,
    })
    expect(heard, 'devices watching the workspace are told').toEqual([2])
  })

  it('gives every notification its own row and op id', async () => {
    const db = openDatabase(':memory:')
    const emitter = createSqliteNotificationEmitter({ db })
    const input = { workspaceId: 'ws-1', userId: 'u1', type: 'info', title: 'Same text' }
    const [a, b] = [await emitter.emit(input), await emitter.emit(input)]
    expect(a.id).not.toBe(b.id)
    const sync = createSqliteSyncGateway({ db })
    const { changes } = await sync.pull(ctx, { scope: { workspaceId: 'ws-1' }, cursor: 0, limit: 10 })
    expect(changes.map((c) => c.serverVersion)).toEqual([1, 2])
  })

  it('refuses an invalid notification', async () => {
    const emitter = createSqliteNotificationEmitter({ db: openDatabase(':memory:') })
    await expect(emitter.emit({ workspaceId: 'ws 1', userId: 'u1', type: 'x', title: 't' })).rejects.toMatchObject({
      code: 'VALIDATION',
    })
    await expect(emitter.emit({ workspaceId: 'ws-1', userId: 'u1', type: 'x', title: '' })).rejects.toMatchObject({
      code: 'VALIDATION',
    })
  })
})
