import { defineNotificationEmitter } from 'or3-provider-kit/server'
import type { NotificationEmitter } from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'
import type { DeploymentClient } from './deployment-client'

/**
 * Notifications written by the server (e.g. "your reply is ready") as `notifications` rows
 * through the deployment's sync write path: versioned, pulled by every device, heard by watch.
 * The kit's factory checks the notification once.
 */
export function createConvexNotificationEmitter(convex: DeploymentClient): NotificationEmitter {
  return defineNotificationEmitter({
    id: 'convex',
    emit: (notification) => convex.mutation(CONVEX_FUNCTIONS.notifications.emit, { ...notification }, { as: 'server' }),
  })
}
