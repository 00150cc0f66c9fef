import type { Or3CloudConfig } from 'or3-provider-kit'
import {
  ConfigError,
  readBoolean,
  readChoice,
  readInteger,
  readList,
  readProviderId,
  readString,
  type EnvMap,
} from './env-readers'
import { readLlmEndpoints } from './llm-endpoints'
import { installedProviderFor, offersSurface } from './known-providers'
import { PRESET_NAMES, PRESETS, isPresetName, type ProviderSelection } from './presets'
import { DEFAULT_MAX_FILE_MB } from './storage-defaults'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The one builder of the cloud config. `config.or3cloud.ts` and the server's resolve-config both
 * call it, so their defaults cannot drift.
 *
 * Provider ids come from, in order: an explicit `OR3_*_PROVIDER`, the `OR3_PRESET`, then the
 * installed provider modules. When a surface's provider is not set, the default is written out
 * from what is selected, so no default names a provider that was not chosen.
 */
export function buildOr3CloudConfig(env: EnvMap, installedProviders: readonly string[]): Or3CloudConfig {
  const production = env.NODE_ENV === 'production'
  const preset = readPreset(env)
  const selection: ProviderSelection = preset
    ? PRESETS[preset]
    : {
        auth: installedProviderFor('auth', installedProviders),
        sync: installedProviderFor('sync', installedProviders),
        storage: installedProviderFor('storage', installedProviders),
      }

  const authProvider = pick(readProviderId(env, 'OR3_AUTH_PROVIDER'), selection.auth)
  const enabled = readBoolean(env, 'OR3_CLOUD', authProvider !== null)
  if (enabled && authProvider === null) {
    throw new ConfigError('OR3_CLOUD is on but no auth provider is selected: set OR3_AUTH_PROVIDER or OR3_PRESET')
  }
  // Read (and so validate) every explicit id even when cloud mode is off.
  const explicit = {
    sync: readProviderId(env, 'OR3_SYNC_PROVIDER'),
    storage: readProviderId(env, 'OR3_STORAGE_PROVIDER'),
    workspaces: readProviderId(env, 'OR3_WORKSPACE_PROVIDER'),
  }
  const syncProvider = enabled ? pick(explicit.sync, selection.sync) : null
  const storageProvider = enabled ? pick(explicit.storage, selection.storage) : null
  const workspaceProvider = enabled ? pick(explicit.workspaces, syncProvider) : null
  if (enabled && workspaceProvider === null) {
    throw new ConfigError(
      'Cloud mode needs a workspace store: select a sync provider (OR3_SYNC_PROVIDER) or set OR3_WORKSPACE_PROVIDER',
    )
  }

  // Rate limits and jobs live with the sync provider when it offers them, else in memory.
  const limitsProvider =
    readProviderId(env, 'OR3_LIMITS_PROVIDER') ?? (offersSurface(syncProvider, 'limits') ? syncProvider! : 'memory')
  const userKeyPolicy = readChoice(env, 'OR3_LLM_USER_KEYS', ['allow', 'require', 'instance-only'] as const, 'allow')
  const endpoints = readLlmEndpoints(env, userKeyPolicy)
  const defaultEndpoint = endpoints[0]!
  const jobsProvider =
    readProviderId(env, 'OR3_JOBS_PROVIDER') ?? (offersSurface(syncProvider, 'jobs') ? syncProvider! : 'memory')

  return {
    enabled,
    strict: readBoolean(env, 'OR3_STRICT', production || preset !== undefined),
    auth: {
      enabled,
      provider: enabled ? authProvider : null,
      workspaceProvider,
      registration: readChoice(env, 'OR3_REGISTRATION', ['open', 'closed'] as const, 'open'),
      sessionProvisioningFailure: readChoice(
        env,
        'OR3_SESSION_PROVISIONING_FAILURE',
        ['throw', 'unauthenticated', 'service-unavailable'] as const,
        'service-unavailable',
      ),
      bootstrapAdminEmail: readString(env, 'OR3_BOOTSTRAP_ADMIN_EMAIL')?.toLowerCase() ?? null,
      invitationTtlMs: readInteger(env, 'OR3_INVITATION_TTL_DAYS', 7, 1) * DAY_MS,
    },
    sync: {
      enabled: syncProvider !== null,
      provider: syncProvider,
      retentionMs: readInteger(env, 'OR3_SYNC_RETENTION_DAYS', 30, 1) * DAY_MS,
    },
    storage: {
      enabled: storageProvider !== null,
      provider: storageProvider,
      maxFileBytes: readInteger(env, 'OR3_STORAGE_MAX_FILE_MB', DEFAULT_MAX_FILE_MB, 1) * 1024 * 1024,
      allowedMimeTypes: readList(env, 'OR3_STORAGE_ALLOWED_TYPES', ['image/*', 'application/pdf', 'text/*']),
    },
    limits: {
      enabled: readBoolean(env, 'OR3_LIMITS_ENABLED', true),
      perMinute: readInteger(env, 'OR3_LIMITS_PER_MINUTE', 600, 1),
      perDay: readInteger(env, 'OR3_LIMITS_PER_DAY', 1000, 1),
      storageProvider: limitsProvider ?? 'memory',
    },
    backgroundStreaming: {
      enabled: readBoolean(env, 'OR3_BACKGROUND_ENABLED', true),
      storageProvider: jobsProvider ?? 'memory',
      maxConcurrentJobs: readInteger(env, 'OR3_BACKGROUND_MAX_JOBS', 3, 1),
      jobTimeoutMs: readInteger(env, 'OR3_BACKGROUND_TIMEOUT_SECONDS', 300, 1) * 1000,
    },
    notifications: { enabled: readBoolean(env, 'OR3_NOTIFICATIONS_ENABLED', syncProvider !== null) },
    eventStreams: {
      maxPerUser: readInteger(env, 'OR3_EVENT_STREAMS_PER_USER', 20, 1),
      recheckMs: readInteger(env, 'OR3_EVENT_STREAM_RECHECK_SECONDS', 15, 1) * 1000,
    },
    llm: {
      baseUrl: defaultEndpoint.baseUrl,
      hasInstanceKey: defaultEndpoint.hasInstanceKey,
      userKeyPolicy: defaultEndpoint.userKeyPolicy,
      defaultModel: readString(env, 'OR3_LLM_DEFAULT_MODEL') ?? 'openai/gpt-4o-mini',
      headersTimeoutMs: readInteger(env, 'OR3_LLM_HEADERS_TIMEOUT_SECONDS', 120, 1) * 1000,
      idleTimeoutMs: readInteger(env, 'OR3_LLM_IDLE_TIMEOUT_SECONDS', 120, 1) * 1000,
      defaultContextTokens: readInteger(env, 'OR3_LLM_DEFAULT_CONTEXT_TOKENS', 16_384, 1024),
      titleModel: readTitleModel(env),
      endpoints,
    },
    security: {
      allowedOrigins: readList(env, 'OR3_ALLOWED_ORIGINS', []),
      trustProxy: readBoolean(env, 'OR3_TRUST_PROXY', false),
    },
    admin: { enabled: readBoolean(env, 'OR3_ADMIN_ENABLED', enabled) },
  }
}

/** OR3_TITLE_MODEL: unset for the model that answered, `off` for no generated titles, else a model id. */
function readTitleModel(env: EnvMap): string | null {
  const value = readString(env, 'OR3_TITLE_MODEL')
  if (value === undefined) return 'answer-model'
  return value.toLowerCase() === 'off' ? null : value
}

function readPreset(env: EnvMap) {
  const value = readString(env, 'OR3_PRESET')
  if (value === undefined) return undefined
  if (!isPresetName(value)) {
    throw new ConfigError(`OR3_PRESET must be one of ${PRESET_NAMES.join(', ')} (got '${value}')`)
  }
  return value
}

function pick(explicit: string | null | undefined, fallback: string | null): string | null {
  return explicit === undefined ? fallback : explicit
}
