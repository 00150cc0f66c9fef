// `or3-provider-kit/testing/memory`: the in-memory reference implementations alone, without the
// suites, so a test-only server (which has no vitest) can register them as providers.
export { createMemoryWorkspaceStore, type MemoryWorkspaceStoreOptions } from './memory-workspace-store.ts'
export { createMemorySyncGateway, type MemorySyncGatewayOptions } from './memory-sync-gateway.ts'
export { createMemoryStorageGateway, type MemoryStorageGatewayOptions } from './memory-storage-gateway.ts'
export { createMemoryAuth, type MemoryAuth, type MemoryAuthOptions } from './memory-auth.ts'
export { createMemoryAdminAdapter } from './memory-admin-adapter.ts'
