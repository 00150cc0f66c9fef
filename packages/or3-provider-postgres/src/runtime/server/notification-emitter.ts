import type { NotificationEmitter, SyncGatewayAdapter } from 'or3-provider-kit'
import { createSyncNotificationEmitter } from 'or3-provider-kit/server'
import { requireDatabase, type PostgresStoreOptions } from './store-options'
import { createPostgresSyncGateway } from './sync-gateway'

export interface PostgresNotificationEmitterOptions extends Partial<PostgresStoreOptions> {
  /** The gateway whose push path carries notifications; by default one on the same database. */
  gateway?: SyncGatewayAdapter
}

/** Notifications are synced rows pushed through the postgres gateway (the kit's sync-backed emitter). */
export function createPostgresNotificationEmitter(options: PostgresNotificationEmitterOptions): NotificationEmitter {
  const now = options.now ?? Date.now
  const gateway =
    options.gateway ?? createPostgresSyncGateway({ db: requireDatabase(options, 'The PostgreSQL notification emitter'), now })
  return createSyncNotificationEmitter({ id: 'postgres', gateway, now })
}
