// The package's "." entry: every implementation as a plain factory, usable without Nuxt
// (tests, scripts, another server). The Nuxt module registers these same factories.
export {
  checkSchemaName,
  createDatabase,
  DEFAULT_SCHEMA,
  migrate,
  openDatabase,
  readSchemaVersion,
  resolvePostgresSettings,
  type PostgresDatabase,
  type PostgresDatabaseOptions,
} from './server/database'
export { mapPostgresError } from './server/errors'
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './server/migrations'
export { DEFAULT_RETENTION_MS, type PostgresStoreOptions } from './server/store-options'
export { createPostgresSyncGateway, type PostgresSyncGatewayOptions } from './server/sync-gateway'
export { createPostgresWorkspaceStore, type PostgresWorkspaceStoreOptions } from './server/workspace-store'
export { createPostgresRateLimitStore, type PostgresRateLimitStoreOptions } from './server/rate-limit-store'
export {
  createPostgresBackgroundJobStore,
  type PostgresBackgroundJobStoreOptions,
} from './server/background-job-store'
export {
  createPostgresNotificationEmitter,
  type PostgresNotificationEmitterOptions,
} from './server/notification-emitter'
export { createPostgresAdminAdapter, type PostgresAdminAdapterOptions } from './server/admin-adapter'
export { createRemovedWorkspacePurge, type RemovedWorkspacePurgeOptions } from './server/removed-workspace-purge'
