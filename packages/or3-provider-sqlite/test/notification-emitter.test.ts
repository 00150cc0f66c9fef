import { describe, expect, it } from 'vitest'
import {
  createSqliteNotificationEmitter,
  createSqliteSyncGateway,
  openDatabase,
} from '../src/runtime/index'
import { SERVER_DEVICE_ID } from 'or3-provider-kit/server'

const ctx = { userId: 'u1' }

// The contract's guarantees are the kit suite's (conformance.test.ts); this is the sqlite wiring.
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

})
