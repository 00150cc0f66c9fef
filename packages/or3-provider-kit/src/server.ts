// Server entry: registries, sync helpers for adapters, in-memory single-process stores.
export * from './registry.ts'
export * from './sync/stamps.ts'
export { createMemoryRateLimitStore, type MemoryRateLimitStoreOptions } from './memory/rate-limit-store.ts'
export {
  createMemoryBackgroundJobStore,
  type MemoryBackgroundJobStoreOptions,
} from './memory/background-job-store.ts'
export * from './secrets.ts'
export { createSyncNotificationEmitter, notificationInputSchema, SERVER_DEVICE_ID } from './notifications/sync-notification-emitter.ts'
export { createInvitationToken, hashInvitationToken } from './invitation-tokens.ts'
