import type { NotificationEmitter, SyncGatewayAdapter } from 'or3-provider-kit'
import { createSyncNotificationEmitter } from 'or3-provider-kit/server'
import { resolveStoreDatabase, type SqliteStoreOptions } from './store-options'
import { createSqliteSyncGateway } from './sync-gateway'

export interface SqliteNotificationEmitterOptions extends SqliteStoreOptions {
  /** The gateway whose push path carries notifications; by default one on the same database. */
  gateway?: SyncGatewayAdapter
}

/** Notifications are synced rows pushed through the sqlite gateway (the kit's sync-backed emitter). */
export function createSqliteNotificationEmitter(options: SqliteNotificationEmitterOptions): NotificationEmitter {
  const now = options.now ?? Date.now
  const gateway =
    options.gateway ?? createSqliteSyncGateway({ db: resolveStoreDatabase(options, 'The SQLite notification emitter'), now })
  return createSyncNotificationEmitter({ id: 'sqlite', gateway, now })
}
