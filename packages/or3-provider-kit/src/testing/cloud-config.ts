import type { Or3CloudConfig } from '../config.ts'

type Patch<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Patch<T[K]> : T[K] }

/**
 * A complete cloud config for provider tests: cloud on, every surface's limits at small values,
 * nothing selected but what `patch` names. One place, so a new config section reaches every
 * provider's tests instead of failing their hand-written copies.
 */
export function testCloudConfig(patch: Patch<Or3CloudConfig> = {}): Or3CloudConfig {
  const base: Or3CloudConfig = {
    enabled: true,
    strict: true,
    auth: {
      enabled: true,
      provider: null,
      workspaceProvider: null,
      registration: 'open',
      sessionProvisioningFailure: 'throw',
      bootstrapAdminEmail: null,
      invitationTtlMs: 7 * 24 * 60 * 60 * 1000,
    },
    sync: { enabled: false, provider: null, retentionMs: 30 * 24 * 60 * 60 * 1000 },
    storage: { enabled: false, provider: null, maxFileBytes: 10 * 1024 * 1024, allowedMimeTypes: [] },
    limits: { enabled: true, perMinute: 60, perDay: 500, storageProvider: 'memory' },
    backgroundStreaming: { enabled: false, storageProvider: 'memory', maxConcurrentJobs: 2, jobTimeoutMs: 60_000 },
    notifications: { enabled: false },
    eventStreams: { maxPerUser: 20, recheckMs: 15_000 },
    llm: {
      baseUrl: 'http://127.0.0.1:9/v1',
      hasInstanceKey: false,
      userKeyPolicy: 'allow',
      defaultModel: 'test',
      headersTimeoutMs: 60_000,
      idleTimeoutMs: 60_000,
      defaultContextTokens: 16_384,
      titleModel: 'answer-model',
      endpoints: [
        {
          id: 'default',
          label: 'Default',
          baseUrl: 'http://127.0.0.1:9/v1',
          instanceKeyEnv: 'OR3_LLM_API_KEY',
          hasInstanceKey: false,
          userKeyPolicy: 'allow',
          models: null,
        },
      ],
    },
    security: { allowedOrigins: [], trustProxy: false },
    admin: { enabled: true },
  }
  return merge(base, patch)
}

function merge<T>(base: T, patch: Patch<T>): T {
  const out = { ...base } as Record<string, unknown>
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === undefined) continue
    const current = out[key]
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
        ? merge(current, value as Patch<typeof current>)
        : value
  }
  return out as T
}
