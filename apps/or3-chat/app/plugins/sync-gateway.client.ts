import { registerSyncProvider } from 'or3-provider-kit'
import { createGatewaySyncProvider, GATEWAY_SYNC_PROVIDER_ID } from '~/core/sync/gateway-sync-provider'

/**
 * Core's sync provider in the client registry. A provider package may register a direct one
 * under its own id; workspaces use it when it matches the configured sync provider, else this.
 */
export default defineNuxtPlugin(() => {
  registerSyncProvider(GATEWAY_SYNC_PROVIDER_ID, () => createGatewaySyncProvider())
})
