// The package's "." entry: every implementation as a plain factory, usable without Nuxt
// (tests, scripts, another server). The Nuxt module registers these same factories.
export {
  closeSharedDatabase,
  MEMORY_DATABASE,
  migrate,
  openDatabase,
  readSchemaVersion,
  resolveSqlitePath,
  useSharedDatabase,
} from './server/database.js'
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './server/migrations.js'
export { DEFAULT_RETENTION_MS, type SqliteStoreOptions } from './server/store-options.js'
export { createSqliteWorkspaceStore, type SqliteWorkspaceStoreOptions } from './server/workspace-store.js'
export { createSqliteSyncGateway, type SqliteSyncGatewayOptions } from './server/sync-gateway.js'
export { createSqliteRateLimitStore, type SqliteRateLimitStoreOptions } from './server/rate-limit-store.js'
export {
  createSqliteBackgroundJobStore,
  type SqliteBackgroundJobStoreOptions,
} from './server/background-job-store.js'
export {
  createSqliteNotificationEmitter,
  type SqliteNotificationEmitterOptions,
} from './server/notification-emitter.js'
export { createSqliteAdminAdapter, type SqliteAdminAdapterOptions } from './server/admin-adapter.js'
export { createRemovedWorkspacePurge, type RemovedWorkspacePurgeOptions } from './server/removed-workspace-purge.js'
