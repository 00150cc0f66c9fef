import type { Or3CloudConfig } from 'or3-provider-kit'

/** A complete cloud config with Clerk selected; tests override the sections they exercise. */
export function testConfig(overrides: { allowedOrigins?: string[]; trustProxy?: boolean } = {}): Or3CloudConfig {
  return {
    enabled: true,
    strict: true,
    auth: {
      enabled: true,
      provider: 'clerk',
      workspaceProvider: 'sqlite',
      registration: 'open',
      sessionProvisioningFailure: 'throw',
      bootstrapAdminEmail: null,
    },
    sync: { enabled: true, provider: 'sqlite', retentionMs: 30 * 24 * 60 * 60 * 1000 },
    storage: { enabled: false, provider: null, maxFileBytes: 10 * 1024 * 1024, allowedMimeTypes: [] },
    limits: { enabled: true, perMinute: 60, perDay: 500, storageProvider: 'memory' },
    backgroundStreaming: { enabled: false, storageProvider: 'memory', maxConcurrentJobs: 2, jobTimeoutMs: 60_000 },
    notifications: { enabled: false },
    llm: { baseUrl: 'http://127.0.0.1:9/v1', hasInstanceKey: false, userKeyPolicy: 'allow', defaultModel: 'test' },
    security: { allowedOrigins: overrides.allowedOrigins ?? [], trustProxy: overrides.trustProxy ?? false },
    admin: { enabled: true },
  }
}
