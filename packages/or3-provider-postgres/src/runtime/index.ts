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
