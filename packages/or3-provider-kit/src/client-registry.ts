import type { AuthTokenBroker, AuthUi, ObjectStorageProvider, SyncProvider } from './contracts/client.ts'

/**
 * Client pieces a provider contributes from its Nuxt plugin. Core looks them up by the ids in the
 * public config; a provider never needs core to import it.
 */
export interface ClientRegistries {
  authUi: Map<string, AuthUi>
  authTokenBroker: Map<string, AuthTokenBroker>
  /** Factories, since a sync provider is made per workspace. */
  syncProvider: Map<string, (scope: { workspaceId: string }) => SyncProvider>
  storageProvider: Map<string, () => ObjectStorageProvider>
}

const GLOBAL_KEY = Symbol.for('or3.provider-kit.client-registries')

export function getClientRegistries(): ClientRegistries {
  const holder = globalThis as typeof globalThis & { [GLOBAL_KEY]?: ClientRegistries }
  return (holder[GLOBAL_KEY] ??= {
    authUi: new Map(),
    authTokenBroker: new Map(),
    syncProvider: new Map(),
    storageProvider: new Map(),
  })
}

export const registerAuthUi = (ui: AuthUi) => getClientRegistries().authUi.set(ui.id, ui)
export const registerAuthTokenBroker = (broker: AuthTokenBroker) =>
  getClientRegistries().authTokenBroker.set(broker.id, broker)
export const registerSyncProvider = (id: string, factory: (scope: { workspaceId: string }) => SyncProvider) =>
  getClientRegistries().syncProvider.set(id, factory)
export const registerStorageProvider = (id: string, factory: () => ObjectStorageProvider) =>
  getClientRegistries().storageProvider.set(id, factory)
