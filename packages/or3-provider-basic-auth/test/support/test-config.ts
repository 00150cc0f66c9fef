import type { Or3CloudConfig } from 'or3-provider-kit'

/** A complete cloud config with basic-auth selected; tests override the sections they exercise. */
export function testConfig(overrides: {
  registration?: Or3CloudConfig['auth']['registration']
  bootstrapAdminEmail?: string | null
  allowedOrigins?: string[]
  trustProxy?: boolean
  limitsProvider?: string
} = {}): Or3CloudConfig {
  return {
    enabled: true,
    strict: true,
    auth: {
      enabled: true,
      provider: 'basic-auth',
      workspaceProvider: 'sqlite',
      registration: overrides.registration ?? 'open',
      sessionProvisioningFailure: 'throw',
      bootstrapAdminEmail: overrides.bootstrapAdminEmail ?? null,
    },
    sync: { enabled: true, provider: 'sqlite', retentionMs: 30 * 24 * 60 * 60 * 1000 },
    storage: { enabled: false, provider: null, maxFileBytes: 10 * 1024 * 1024, allowedMimeTypes: [] },
    limits: { enabled: true, perMinute: 60, perDay: 500, storageProvider: overrides.limitsProvider ?? 'memory' },
    backgroundStreaming: { enabled: false, storageProvider: 'memory', maxConcurrentJobs: 2, jobTimeoutMs: 60_000 },
    notifications: { enabled: false },
    eventStreams: { maxPerUser: 20, recheckMs: 15_000 },
    llm: { baseUrl: 'http://127.0.0.1:9/v1', hasInstanceKey: false, userKeyPolicy: 'allow', defaultModel: 'test' },
    security: { allowedOrigins: overrides.allowedOrigins ?? [], trustProxy: overrides.trustProxy ?? false },
    admin: { enabled: true },
  }
}
