import { notificationInputSchema } from 'or3-provider-kit/server'
import { parseWire, type NotificationEmitter } from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'
import type { DeploymentClient } from './deployment-client'

/**
 * Notifications written by the server (e.g. "your reply is ready") as `notifications` rows
 * through the deployment's sync write path: versioned, pulled by every device, heard by watch.
 */
export function createConvexNotificationEmitter(convex: DeploymentClient): NotificationEmitter {
  return {
    id: 'convex',
    async emit(notification) {
      const input = parseWire(notificationInputSchema, notification, 'notification')
      return convex.mutation(CONVEX_FUNCTIONS.notifications.emit, { ...input }, { as: 'server' })
    },
  }
}
