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
  /** The registry id each surface was resolved under (not the instance's own id), or null when off. */
  resolvedIds: Record<ProviderSurface, string | null>
}

export type ProviderSurface = 'auth' | 'workspaces' | 'sync' | 'storage' | 'limits' | 'jobs'

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
  const present = (registry: Registry<unknown>, id: string | null) => (id !== null && registry.has(id) ? id : null)
  // Outside strict mode a missing limits or jobs store falls back to the single-process one (boot warned).
  const limitsId = present(registries.limits, config.limits.storageProvider) ?? 'memory'
  const jobsId = present(registries.jobs, config.backgroundStreaming.storageProvider) ?? 'memory'

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
    limits: registries.limits.resolve(limitsId, context),
    jobs: registries.jobs.resolve(jobsId, context),
    notifications: config.notifications.enabled ? optional(registries.notifications, config.sync.provider) : null,
    admin: [...providerIds].flatMap((id) => (registries.admin.has(id) ? [registries.admin.resolve(id, context)] : [])),
    resolvedIds: {
      auth: present(registries.auth, config.auth.provider),
      workspaces: present(registries.workspaces, config.auth.workspaceProvider),
      sync: present(registries.sync, config.sync.provider),
      storage: present(registries.storage, config.storage.provider),
      limits: limitsId,
      jobs: jobsId,
    },
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
