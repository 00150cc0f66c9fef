import { getClientRegistries, type ObjectStorageProvider, type SyncProvider } from 'or3-provider-kit'
import { createGatewayStorageProvider, GATEWAY_STORAGE_PROVIDER_ID } from '../storage/gateway-storage-provider'
import type { GatewayHttpOptions } from './gateway-http'
import { createGatewaySyncProvider, GATEWAY_SYNC_PROVIDER_ID, type EventSourceFactory } from './gateway-sync-provider'

export interface ProviderChoice {
  /** The configured provider id; a provider's client plugin may register a direct one under it. */
  providerId?: string | null
  /** How the gateway reaches the server (tests inject fetch, base URL and headers). */
  gateway?: GatewayHttpOptions & { createEventSource?: EventSourceFactory }
}

/**
 * The SyncProvider for a workspace: a direct provider registered under the configured id (e.g.
 * Convex's realtime client), else core's gateway over /api/sync/* (registered by the
 * sync-gateway client plugin, or built here when the plugin has not run, as in tests).
 */
export function resolveSyncProvider(workspaceId: string, choice: ProviderChoice = {}): SyncProvider {
  const direct = choice.providerId && choice.providerId !== GATEWAY_SYNC_PROVIDER_ID
    ? getClientRegistries().syncProvider.get(choice.providerId)
    : undefined
  if (direct) return direct({ workspaceId })
  // Injected connection options (tests) build their own; otherwise the registered gateway.
  const registered = choice.gateway ? undefined : getClientRegistries().syncProvider.get(GATEWAY_SYNC_PROVIDER_ID)
  return registered ? registered({ workspaceId }) : createGatewaySyncProvider(choice.gateway)
}

/** The ObjectStorageProvider: a registered direct one under the configured id, else the gateway. */
export function resolveStorageProvider(choice: ProviderChoice = {}): ObjectStorageProvider {
  const direct = choice.providerId && choice.providerId !== GATEWAY_STORAGE_PROVIDER_ID
    ? getClientRegistries().storageProvider.get(choice.providerId)
    : undefined
  return direct ? direct() : createGatewayStorageProvider(choice.gateway)
}
