import type { NotificationEmitter, SyncGatewayAdapter } from 'or3-provider-kit'
import { formatHlc, parseWire, ProviderError, workspaceIdSchema } from 'or3-provider-kit'
import { z } from 'zod'
import { resolveStoreDatabase, type SqliteStoreOptions } from './store-options.js'
import { createSqliteSyncGateway } from './sync-gateway.js'

export interface SqliteNotificationEmitterOptions extends SqliteStoreOptions {
  /** The gateway whose push path carries notifications; by default one on the same database. */
  gateway?: SyncGatewayAdapter
}

/** The device id server-written rows carry, so clients can tell them from their own. */
export const SERVER_DEVICE_ID = 'or3-server'

const notificationSchema = z.object({
  workspaceId: workspaceIdSchema,
  userId: z.string().min(1).max(128),
  type: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  body: z.string().max(4000).optional(),
  threadId: z.string().min(1).max(128).optional(),
})

/**
 * Notifications are ordinary synced rows: the emitter pushes a new `notifications` row through the
 * sync gateway, so it is versioned, reaches every device by pull, and wakes `watch` listeners.
 */
export function createSqliteNotificationEmitter(options: SqliteNotificationEmitterOptions): NotificationEmitter {
  const now = options.now ?? Date.now
  const gateway =
    options.gateway ??
    createSqliteSyncGateway({ db: resolveStoreDatabase(options, 'The SQLite notification emitter'), now })

  return {
    id: 'sqlite',
    async emit(input) {
      const notification = parseWire(notificationSchema, input, 'notification')
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
      const response = await gateway.push(
        { userId: notification.userId },
        {
          scope: { workspaceId: notification.workspaceId },
          ops: [
            {
              opId,
              tableName: 'notifications',
              operation: 'put',
              pk: id,
              payload,
              stamp: { deviceId: SERVER_DEVICE_ID, opId, hlc, clock: 1 },
            },
          ],
        },
      )
      const result = response.results[0]
      if (!result?.applied) {
        throw new ProviderError('INTERNAL', `The notification was not stored: ${result?.error?.message ?? 'no result'}`)
      }
      return { id }
    },
  }
}
