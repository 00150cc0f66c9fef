import { defineNotificationEmitter } from '../adapters/define-stores.ts'
import type { NotificationEmitter, SyncGatewayAdapter } from '../contracts/server.ts'
import { ProviderError } from '../errors.ts'
import { formatHlc } from '../sync/hlc-format.ts'

/** The device id server-written rows carry, so clients can tell them from their own. */
export const SERVER_DEVICE_ID = 'or3-server'

/**
 * Notifications are ordinary synced rows: the emitter pushes a new `notifications` row through a
 * sync gateway, so it is versioned, reaches every device by pull, and wakes `watch` listeners.
 * Works over any SyncGatewayAdapter; a provider whose backend can write the row itself may do so.
 */
export function createSyncNotificationEmitter(options: { id: string; gateway: SyncGatewayAdapter; now?: () => number }): NotificationEmitter {
  const now = options.now ?? Date.now
  return defineNotificationEmitter({
    id: options.id,
    async emit(notification) {
      const id = crypto.randomUUID()
      const opId = `srv-${crypto.randomUUID()}`
      const at = now()
      // The kit's stamp form, so a device's later edit of this row orders by the same rules.
      const hlc = formatHlc({ ms: at, counter: 0, node: SERVER_DEVICE_ID })
      const payload = {
        id,
        user_id: notification.userId,
        type: notification.type,
        title: notification.title,
        body: notification.body ?? null,
        thread_id: notification.threadId ?? null,
        read_at: null,
        created_at: at,
        updated_at: at,
        clock: 1,
        hlc,
        deleted: false,
        deleted_at: null,
      }
      const response = await options.gateway.push(
        { userId: notification.userId },
        {
          scope: { workspaceId: notification.workspaceId },
          ops: [{ opId, tableName: 'notifications', operation: 'put', pk: id, payload, stamp: { deviceId: SERVER_DEVICE_ID, opId, hlc, clock: 1 } }],
        },
      )
      const result = response.results[0]
      if (!result?.applied) {
        throw new ProviderError('INTERNAL', `The notification was not stored: ${result?.error?.message ?? 'no result'}`)
      }
      return { id }
    },
  })
}
