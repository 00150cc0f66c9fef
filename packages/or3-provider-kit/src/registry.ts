import type { Or3CloudConfig } from './config.ts'
import type {
  AuthProvider,
  BackgroundJobStore,
  NotificationEmitter,
  ProviderAdminAdapter,
  ProviderTokenBroker,
  RateLimitStore,
  StorageGatewayAdapter,
  SyncGatewayAdapter,
  WorkspaceStore,
} from './contracts/server.ts'
import { ProviderError } from './errors.ts'

export interface ProviderFactoryContext {
  config: Or3CloudConfig
  /** The process environment (provider settings are runtime config, read at boot). */
  env: Record<string, string | undefined>
}

export type ProviderFactory<T> = (context: ProviderFactoryContext) => T

export interface Registry<T> {
  readonly kind: string
  register(id: string, factory: ProviderFactory<T>): void
  has(id: string): boolean
  ids(): string[]
  /**
   * The instance for `id`, created on first call and cached: boot resolves every configured id,
   * so request handlers only read the cache.
   */
  resolve(id: string, context: ProviderFactoryContext): T
  /** Drops every registration and cached instance (tests, hot reload). */
  reset(): void
}

export function createRegistry<T>(kind: string): Registry<T> {
  const factories = new Map<string, ProviderFactory<T>>()
  const instances = new Map<string, T>()
  return {
    kind,
    register(id, factory) {
      if (!id) throw new Error(`${kind}: a provider id is required`)
      factories.set(id, factory)
      instances.delete(id)
    },
    has: (id) => factories.has(id),
    ids: () => [...factories.keys()].sort(),
    resolve(id, context) {
      const cached = instances.get(id)
      if (cached !== undefined) return cached
      const factory = factories.get(id)
      if (!factory) {
        throw new ProviderError('NOT_CONFIGURED', `No ${kind} '${id}' is registered`)
      }
      const instance = factory(context)
      instances.set(id, instance)
      return instance
    },
    reset() {
      factories.clear()
      instances.clear()
    },
  }
}

export interface ServerRegistries {
  auth: Registry<AuthProvider>
  tokenBroker: Registry<ProviderTokenBroker>
  workspaces: Registry<WorkspaceStore>
  sync: Registry<SyncGatewayAdapter>
  storage: Registry<StorageGatewayAdapter>
  limits: Registry<RateLimitStore>
  jobs: Registry<BackgroundJobStore>
  notifications: Registry<NotificationEmitter>
  admin: Registry<ProviderAdminAdapter>
}

function createServerRegistries(): ServerRegistries {
  return {
    auth: createRegistry('auth provider'),
    tokenBroker: createRegistry('token broker'),
    workspaces: createRegistry('workspace store'),
    sync: createRegistry('sync adapter'),
    storage: createRegistry('storage adapter'),
    limits: createRegistry('rate-limit store'),
    jobs: createRegistry('background job store'),
    notifications: createRegistry('notification emitter'),
    admin: createRegistry('admin adapter'),
  }
}

// One set per process even if a bundle ends up with two copies of the kit: providers register
// into the same maps that core resolves from.
const GLOBAL_KEY = Symbol.for('or3.provider-kit.server-registries')

export function getServerRegistries(): ServerRegistries {
  const holder = globalThis as typeof globalThis & { [GLOBAL_KEY]?: ServerRegistries }
  return (holder[GLOBAL_KEY] ??= createServerRegistries())
}

export const registerAuthProvider = (id: string, factory: ProviderFactory<AuthProvider>) =>
  getServerRegistries().auth.register(id, factory)
export const registerTokenBroker = (id: string, factory: ProviderFactory<ProviderTokenBroker>) =>
  getServerRegistries().tokenBroker.register(id, factory)
export const registerWorkspaceStore = (id: string, factory: ProviderFactory<WorkspaceStore>) =>
  getServerRegistries().workspaces.register(id, factory)
export const registerSyncGateway = (id: string, factory: ProviderFactory<SyncGatewayAdapter>) =>
  getServerRegistries().sync.register(id, factory)
export const registerStorageGateway = (id: string, factory: ProviderFactory<StorageGatewayAdapter>) =>
  getServerRegistries().storage.register(id, factory)
export const registerRateLimitStore = (id: string, factory: ProviderFactory<RateLimitStore>) =>
  getServerRegistries().limits.register(id, factory)
export const registerBackgroundJobStore = (id: string, factory: ProviderFactory<BackgroundJobStore>) =>
  getServerRegistries().jobs.register(id, factory)
export const registerNotificationEmitter = (id: string, factory: ProviderFactory<NotificationEmitter>) =>
  getServerRegistries().notifications.register(id, factory)
export const registerAdminAdapter = (id: string, factory: ProviderFactory<ProviderAdminAdapter>) =>
  getServerRegistries().admin.register(id, factory)
