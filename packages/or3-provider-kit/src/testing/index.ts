// `or3-provider-kit/testing`: conformance suites (one per contract, run by every provider that
// implements it) and in-memory reference implementations for tests. Needs vitest.
export {
  MissingCapabilityError,
  expectProviderError,
  requireMethod,
  runConformanceSuite,
  withInstance,
  type ConformanceCase,
  type ConformanceFactory,
  type SuiteOptions,
} from './harness.ts'
export * from './fixtures.ts'
export { testCloudConfig } from './cloud-config.ts'

export * from './workspace-store-suite.ts'
export { syncGatewayCases, testSyncGateway, type SyncGatewaySuiteOptions } from './sync-gateway-suite.ts'
export type { SyncCapability, SyncGatewayFactory, SyncGatewaySettings } from './sync-gateway-fixtures.ts'
export * from './storage-gateway-suite.ts'
export * from './rate-limit-store-suite.ts'
export * from './background-job-store-suite.ts'
export * from './auth-provider-suite.ts'
export * from './token-broker-suite.ts'
export * from './notification-emitter-suite.ts'
export * from './admin-adapter-suite.ts'
export { requestEvent, tamperedCredentials, garbageCredentials, type RequestCredentials, type RequestEventOptions } from './request-event.ts'

export * from './memory.ts'
export * from './scratch-disk.ts'
export * from './node-http.ts'
