/**
 * The resolved cloud configuration. Core builds it from an env map (one builder, one source of
 * defaults); providers receive it in their factory context and read their own sections.
 */
export type RegistrationMode = 'open' | 'closed'
export type SessionProvisioningFailure = 'throw' | 'unauthenticated' | 'service-unavailable'
export type UserKeyPolicy = 'allow' | 'require' | 'instance-only'

/**
 * One OpenAI-compatible upstream. A deployment has at least one; the first is the default, which
 * answers model ids that name no endpoint (threads written before several endpoints existed).
 */
export interface LlmEndpointConfig {
  /** Lowercase id; a model of this endpoint is `<id>::<upstream model id>` when there are several. */
  id: string
  /** The name the model picker groups this endpoint's models under. */
  label: string
  baseUrl: string
  /** The env variable that holds this endpoint's key (read on the server only, never copied here). */
  instanceKeyEnv: string
  hasInstanceKey: boolean
  userKeyPolicy: UserKeyPolicy
  /** Models the operator lists for it; null asks the upstream's `/models`. */
  models: string[] | null
}

export interface Or3CloudConfig {
  /** Cloud mode: sign-in, sync and storage through the server. Off means local-only. */
  enabled: boolean
  /** A configured provider with nothing registered stops the server. */
  strict: boolean
  auth: {
    enabled: boolean
    provider: string | null
    /** Where users, workspaces and memberships live (the sync provider unless set). */
    workspaceProvider: string | null
    registration: RegistrationMode
    sessionProvisioningFailure: SessionProvisioningFailure
    /** An email that becomes a deployment admin when it signs up. */
    bootstrapAdminEmail: string | null
    /** How long an invitation to a workspace (and its link) stays valid. */
    invitationTtlMs: number
  }
  sync: {
    enabled: boolean
    provider: string | null
    /** How long change-log rows and tombstones outlive their use. */
    retentionMs: number
  }
  storage: {
    enabled: boolean
    provider: string | null
    maxFileBytes: number
    allowedMimeTypes: string[]
  }
  limits: {
    enabled: boolean
    /** Requests per user (or IP) per minute on core endpoints. */
    perMinute: number
    /** Chat messages per user per day. */
    perDay: number
    storageProvider: string
  }
  backgroundStreaming: {
    enabled: boolean
    storageProvider: string
    maxConcurrentJobs: number
    jobTimeoutMs: number
  }
  notifications: { enabled: boolean }
  /** Server-sent-event streams (`/api/sync/events`, job output): long-lived, so capped and re-checked. */
  eventStreams: {
    /** Streams one user (or, without accounts, one address) may hold open; 429 beyond. */
    maxPerUser: number
    /** How often an open stream sends a heartbeat and re-checks its session and membership. */
    recheckMs: number
  }
  llm: {
    baseUrl: string
    /** True when an instance key is set; the key itself is only in the server's private config. */
    hasInstanceKey: boolean
    userKeyPolicy: UserKeyPolicy
    defaultModel: string
    /** How long the upstream may take to answer a chat request with its headers. */
    headersTimeoutMs: number
    /** How long a streamed answer may stay silent between two chunks before it is cut. */
    idleTimeoutMs: number
    /** The context window clients assume for a model the upstream's /models gives none for. */
    defaultContextTokens: number
    /**
     * Thread titles after the first answer: `'answer-model'` asks the model that answered, a model
     * id asks that model, null turns generated titles off.
     */
    titleModel: string | null
    /**
     * Every upstream, the default first. `baseUrl`, `hasInstanceKey` and `userKeyPolicy` above are
     * the default endpoint's.
     */
    endpoints: LlmEndpointConfig[]
  }
  security: {
    allowedOrigins: string[]
    trustProxy: boolean
  }
  admin: { enabled: boolean }
}

/** The surfaces a provider can fill, as the boot check and the wizard name them. */
export type ProviderSurface =
  | 'auth'
  | 'workspaces'
  | 'sync'
  | 'storage'
  | 'limits'
  | 'jobs'
  | 'notifications'
  | 'tokenBroker'
  | 'admin'
