import { defineNitroPlugin } from 'nitropack/runtime'
import { createSyncNotificationEmitter, getServerRegistries, registerNotificationEmitter, registerSyncGateway } from 'or3-provider-kit/server'
import { createMemorySyncGateway, MEMORY_PROVIDER_ID } from '../sync-gateway'

/**
 * Registers factories under 'memory'. Core calls them once at boot, only when the config selects
 * the provider (`OR3_SYNC_PROVIDER=memory`).
 */
export default defineNitroPlugin(() => {
  registerSyncGateway(MEMORY_PROVIDER_ID, () => createMemorySyncGateway())
  // Notifications are synced rows: the kit's emitter pushes them through the registered gateway.
  registerNotificationEmitter(MEMORY_PROVIDER_ID, (ctx) =>
    createSyncNotificationEmitter({ id: MEMORY_PROVIDER_ID, gateway: getServerRegistries().sync.resolve(MEMORY_PROVIDER_ID, ctx) }),
  )
})
