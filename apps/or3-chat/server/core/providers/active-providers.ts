import type {
  AuthProvider,
  BackgroundJobStore,
  NotificationEmitter,
  Or3CloudConfig,
  ProviderAdminAdapter,
  ProviderTokenBroker,
  RateLimitStore,
  StorageGatewayAdapter,
  SyncGatewayAdapter,
  WorkspaceStore,
} from 'or3-provider-kit'
import { ProviderError } from 'or3-provider-kit'
import { getServerRegistries, type ProviderFactoryContext, type Registry } from 'or3-provider-kit/server'

/** The provider instances this server runs with, resolved once at boot. */
export interface ActiveProviders {
  auth: AuthProvider | null
  tokenBroker: ProviderTokenBroker | null
  workspaces: WorkspaceStore | null
  sync: SyncGatewayAdapter | null
  storage: StorageGatewayAdapter | null
  limits: RateLimitStore
  jobs: BackgroundJobStore
  notifications: NotificationEmitter | null
  admin: ProviderAdminAdapter[]
}

let active: ActiveProviders | undefined

/**
 * Resolves every configured provider from the registries. Ids with nothing registered resolve to
 * null here; the boot check has already stopped a strict server for them.
 */
export function resolveActiveProviders(config: Or3CloudConfig, env: ProviderFactoryContext['env']): ActiveProviders {
  const registries = getServerRegistries()
  const context: ProviderFactoryContext = { config, env }
  const optional = <T>(registry: Registry<T>, id: string | null): T | null =>
    id !== null && registry.has(id) ? registry.resolve(id, context) : null

  const providerIds = new Set(
    [config.auth.provider, config.auth.workspaceProvider, config.sync.provider, config.storage.provider].filter(
      (id): id is string => id !== null,
    ),
  )
  active = {
    auth: optional(registries.auth, config.auth.provider),
    tokenBroker: optional(registries.tokenBroker, config.auth.provider),
    workspaces: optional(registries.workspaces, config.auth.workspaceProvider),
    sync: optional(registries.sync, config.sync.provider),
    storage: optional(registries.storage, config.storage.provider),
    // Outside strict mode a missing store falls back to the single-process one (boot warned).
    limits: optional(registries.limits, config.limits.storageProvider) ?? registries.limits.resolve('memory', context),
    jobs:
      optional(registries.jobs, config.backgroundStreaming.storageProvider) ?? registries.jobs.resolve('memory', context),
    notifications: config.notifications.enabled ? optional(registries.notifications, config.sync.provider) : null,
    admin: [...providerIds].flatMap((id) => (registries.admin.has(id) ? [registries.admin.resolve(id, context)] : [])),
  }
  return active
}

/** The providers resolved at boot. Request handlers only read this cache. */
export function useActiveProviders(): ActiveProviders {
  if (!active) throw new ProviderError('UNAVAILABLE', 'The server has not finished starting')
  return active
}

export function requireProvider<T>(provider: T | null, what: string): T {
  if (provider === null) throw new ProviderError('NOT_FOUND', `${what} is not enabled on this server`)
  return provider
}
