import { defineNitroPlugin } from 'nitropack/runtime'
import {
  registerAdminAdapter,
  registerBackgroundJobStore,
  registerNotificationEmitter,
  registerRateLimitStore,
  registerStorageGateway,
  registerSyncGateway,
  registerWorkspaceStore,
  type ProviderFactoryContext,
} from 'or3-provider-kit/server'
import { allowDeploymentOrigin } from '../content-sources'
import { createConvexProvider, type ConvexProvider } from '../convex-provider'
import { deploymentSettingsFrom } from '../deployment-settings'
import { resolveConvexSettings, type ConvexSettings } from '../settings'
import { installActiveConvex } from '../active-convex'

const PROVIDER_ID = 'convex'

/**
 * Registers every Convex implementation under 'convex'. They share one deployment client and one
 * change socket, made when core resolves the first of them at boot (so a server that includes
 * the module but selects other providers never reads OR3_CONVEX_URL), and closed with the server.
 */
export default defineNitroPlugin((nitroApp) => {
  let provider: { settings: ConvexSettings; instance: ConvexProvider } | null = null

  function convex({ config, env }: ProviderFactoryContext): ConvexProvider {
    if (provider) return provider.instance
    const settings = resolveConvexSettings(env)
    const instance = createConvexProvider({ ...settings, deploymentSettings: deploymentSettingsFrom(config) })
    provider = { settings, instance }
    installActiveConvex({ url: settings.url, syncMode: settings.syncMode })
    return instance
  }

  registerWorkspaceStore(PROVIDER_ID, (ctx) => convex(ctx).workspaces)
  registerSyncGateway(PROVIDER_ID, (ctx) => {
    const instance = convex(ctx)
    if (provider!.settings.syncMode === 'direct') allowDeploymentOrigin(provider!.settings.url, { websocket: true })
    return instance.sync
  })
  registerStorageGateway(PROVIDER_ID, (ctx) => {
    const instance = convex(ctx)
    allowDeploymentOrigin(provider!.settings.url, { websocket: false })
    return instance.storage
  })
  registerRateLimitStore(PROVIDER_ID, (ctx) => convex(ctx).limits)
  registerBackgroundJobStore(PROVIDER_ID, (ctx) => convex(ctx).jobs)
  registerNotificationEmitter(PROVIDER_ID, (ctx) => convex(ctx).notifications)
  registerAdminAdapter(PROVIDER_ID, (ctx) => convex(ctx).admin)

  nitroApp.hooks.hook('close', async () => {
    const closing = provider
    provider = null
    installActiveConvex(null)
    await closing?.instance.close()
  })
})
