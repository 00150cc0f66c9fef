import { registerSyncProvider } from 'or3-provider-kit'
import type { ConvexConnection } from './convex-connection'
import { createConvexDirectSyncProvider } from './direct-sync-provider'

/** Registers the direct client under 'convex', refusing to when the auth bridge has not bound a token. */
export function registerConvexDirectSync(connection: ConvexConnection): void {
  if (!connection.authBound) {
    throw new Error('or3-provider-convex: the sync provider registered before the auth bridge (plugin order: client context, auth bridge, sync provider)')
  }
  registerSyncProvider('convex', ({ workspaceId }) => createConvexDirectSyncProvider(connection, workspaceId))
}
