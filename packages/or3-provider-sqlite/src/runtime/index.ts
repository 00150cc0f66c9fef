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
} from './server/database'
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './server/migrations'
export { DEFAULT_RETENTION_MS, type SqliteStoreOptions } from './server/store-options'
export { createSqliteWorkspaceStore, type SqliteWorkspaceStoreOptions } from './server/workspace-store'
export { createSqliteSyncGateway, type SqliteSyncGatewayOptions } from './server/sync-gateway'
export { createSqliteRateLimitStore, type SqliteRateLimitStoreOptions } from './server/rate-limit-store'
export {
  createSqliteBackgroundJobStore,
  type SqliteBackgroundJobStoreOptions,
} from './server/background-job-store'
export {
  createSqliteNotificationEmitter,
  type SqliteNotificationEmitterOptions,
} from './server/notification-emitter'
export { createSqliteAdminAdapter, type SqliteAdminAdapterOptions } from './server/admin-adapter'
export { createRemovedWorkspacePurge, type RemovedWorkspacePurgeOptions } from './server/removed-workspace-purge'
