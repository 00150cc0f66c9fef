// Isomorphic entry: safe for browser bundles. Server-only pieces live in `or3-provider-kit/server`.
export * from './errors.ts'
export * from './schemas/index.ts'
export type * from './contracts/server.ts'
export type * from './contracts/client.ts'
export type * from './config.ts'
export * from './client-registry.ts'
export { compareStamps, canonicalJson } from './sync/compare.ts'
export * from './storage/upload-policy.ts'
