// Notification emitters with ONE deliberate defect each, around the kit's sync-backed emitter.
import { createSyncNotificationEmitter } from '../../src/notifications/sync-notification-emitter.ts'
import type { NotificationEmitter, SyncGatewayAdapter } from '../../src/contracts/server.ts'
import { createMemorySyncGateway, type NotificationEmitterFactory } from '../../src/testing/index.ts'

const emitterFactory = (defect: (inner: NotificationEmitter, sync: SyncGatewayAdapter) => NotificationEmitter): NotificationEmitterFactory => ({
  create: ({ now }) => {
    const sync = createMemorySyncGateway({ now })
    return { sync, emitter: defect(createSyncNotificationEmitter({ id: 'memory', gateway: sync, now }), sync) }
  },
})

/** Remembers the first workspace it wrote to and writes every later notification there too. */
export const stickyWorkspace = emitterFactory((inner) => {
  let first: string | null = null
  return {
    id: 'memory',
    emit: (n) => inner.emit({ ...n, workspaceId: (first ??= n.workspaceId) }),
  }
})

/** Derives the row id from the thread, so a second notification about a thread overwrites the first. */
export const idPerThread = emitterFactory((_inner, sync) => ({
  id: 'memory',
  async emit(n) {
    const id = `notification-${n.threadId ?? 'none'}`
    const opId = `${id}-${crypto.randomUUID()}`
    const hlc = `${String(Date.now()).padStart(15, '0')}:00000:or3-server`
    await sync.push({ userId: n.userId }, { scope: { workspaceId: n.workspaceId }, ops: [{ opId, tableName: 'notifications', operation: 'put', pk: id, payload: { id, user_id: n.userId, type: n.type, title: n.title, body: n.body ?? null, thread_id: n.threadId ?? null, read_at: null, deleted: false, clock: 1, hlc }, stamp: { deviceId: 'or3-server', opId, hlc, clock: 1 } }] })
    return { id }
  },
}))

/** Stamps server rows with a high clock, so a device marking one read always loses. */
export const serverAlwaysWins = emitterFactory((_inner, sync) => ({
  id: 'memory',
  async emit(n) {
    const id = crypto.randomUUID()
    const opId = `srv-${id}`
    const hlc = `${String(Date.now()).padStart(15, '0')}:00000:or3-server`
    await sync.push({ userId: n.userId }, { scope: { workspaceId: n.workspaceId }, ops: [{ opId, tableName: 'notifications', operation: 'put', pk: id, payload: { id, user_id: n.userId, type: n.type, title: n.title, body: n.body ?? null, thread_id: n.threadId ?? null, read_at: null, deleted: false, clock: 1000, hlc }, stamp: { deviceId: 'or3-server', opId, hlc, clock: 1000 } }] })
    return { id }
  },
}))

/** Skips validation: an empty title or an oversized type is written anyway. */
export const noValidation = emitterFactory((_inner, sync) => ({
  id: 'memory',
  async emit(n) {
    const id = crypto.randomUUID()
    const hlc = `${String(Date.now()).padStart(15, '0')}:00000:or3-server`
    await sync.push({ userId: n.userId }, { scope: { workspaceId: n.workspaceId }, ops: [{ opId: `srv-${id}`, tableName: 'notifications', operation: 'put', pk: id, payload: { id, title: n.title, type: n.type, clock: 1, hlc, deleted: false }, stamp: { deviceId: 'or3-server', opId: `srv-${id}`, hlc, clock: 1 } }] })
    return { id }
  },
}))
