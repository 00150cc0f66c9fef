// Server entry: registries, adapter factories, sync helpers for adapters, in-memory single-process
// stores, and the HTTP edge every route shares (capped body reader, origin and JSON guards, error answers).
export * from './registry.ts'
export {
  parseArgument,
  withMappedErrors,
  type AdapterOptions,
  type ErrorMapper,
  type Implementation,
} from './adapters/define-adapter.ts'
export * from './adapters/define-sync-gateway.ts'
export * from './adapters/define-storage-gateway.ts'
export * from './adapters/define-workspace-store.ts'
export * from './adapters/define-stores.ts'
export * from './adapters/define-admin-adapter.ts'
export * from './adapters/define-auth-provider.ts'
export { mapFileSystemError, mapSqliteError } from './adapters/backend-errors.ts'
export * from './sync/stamps.ts'
export * from './relational/sql-boolean.ts'
export * from './relational/sync-rows.ts'
export * from './relational/workspace-rows.ts'
export { createMemoryRateLimitStore, type MemoryRateLimitStoreOptions } from './memory/rate-limit-store.ts'
export {
  createMemoryBackgroundJobStore,
  type MemoryBackgroundJobStoreOptions,
} from './memory/background-job-store.ts'
export * from './secrets.ts'
export { createSyncNotificationEmitter, SERVER_DEVICE_ID } from './notifications/sync-notification-emitter.ts'
export { createInvitationToken, hashInvitationToken } from './invitation-tokens.ts'
export * from './data-dir-errors.ts'
export * from './private-database-file.ts'
export * from './http/request-body.ts'
export * from './http/request-trust.ts'
export * from './http/request-guards.ts'
export * from './http/send-provider-error.ts'
export * from './http/content-sources.ts'
export * from './signing-keys.ts'
export * from './caller/request-caller.ts'
