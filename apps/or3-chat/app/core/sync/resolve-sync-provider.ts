import {
  getClientRegistries,
  ProviderError,
  type ClientMode,
  type JsonClientOptions,
  type ObjectStorageProvider,
  type SyncProvider,
} from 'or3-provider-kit'
import { createGatewayStorageProvider } from '../storage/gateway-storage-provider'
import { createGatewaySyncProvider, GATEWAY_SYNC_PROVIDER_ID, type EventSourceFactory } from './gateway-sync-provider'

export interface ProviderChoice {
  /** The server's provider for this surface (the session answer's `surfaces.<surface>.provider`). */
  providerId?: string | null
  /** How the server says browsers reach it; `direct` uses the client its provider registered. */
  mode?: ClientMode | null
  /** How the gateway reaches the server (tests inject fetch, base URL and headers). */
  gateway?: JsonClientOptions & { createEventSource?: EventSourceFactory }
}

function missingDirectClient(surface: string, providerId: string | null | undefined): ProviderError {
  return new ProviderError(
    'NOT_CONFIGURED',
    `This server ${surface} through the '${providerId ?? '?'}' provider's own client, which this app was built without. ` +
      'Ask whoever runs the server to rebuild it with that provider installed.',
  )
}

/**
 * The SyncProvider for a workspace, as the server says: its provider's own client in `direct`
 * mode (e.g. Convex's realtime client; a clear error when this build lacks it), else core's
 * gateway over /api/sync/* (registered by the sync-gateway client plugin, or built here when the
 * plugin has not run, as in tests). A direct client registered for a gateway server is not used.
 */
export function resolveSyncProvider(workspaceId: string, choice: ProviderChoice = {}): SyncProvider {
  const registries = getClientRegistries()
  if (choice.mode === 'direct') {
    const direct = choice.providerId ? registries.syncProvider.get(choice.providerId) : undefined
    if (!direct) throw missingDirectClient('syncs', choice.providerId)
    return direct({ workspaceId })
  }
  // Injected connection options (tests) build their own; otherwise the registered gateway.
  const registered = choice.gateway ? undefined : registries.syncProvider.get(GATEWAY_SYNC_PROVIDER_ID)
  return registered ? registered({ workspaceId }) : createGatewaySyncProvider(choice.gateway)
}

/** The ObjectStorageProvider, chosen the same way: the provider's own in `direct` mode, else the gateway. */
export function resolveStorageProvider(choice: ProviderChoice = {}): ObjectStorageProvider {
  if (choice.mode === 'direct') {
    const direct = choice.providerId ? getClientRegistries().storageProvider.get(choice.providerId) : undefined
    if (!direct) throw missingDirectClient('stores attachments', choice.providerId)
    return direct()
  }
  return createGatewayStorageProvider(choice.gateway)
}
