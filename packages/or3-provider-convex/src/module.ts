import { addPlugin, addServerHandler, addServerPlugin, createResolver, defineNuxtModule } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'

/** The module takes no options: settings are runtime env (OR3_CONVEX_URL, ...), read at boot. */
export type ModuleOptions = Record<string, never>

/**
 * or3-provider-convex: OR3's workspaces, sync, attachment storage, rate limits, background jobs
 * and notifications on a Convex deployment. Wiring only: the server implementations live in
 * runtime/server, the browser's direct sync client in runtime/plugins (used when the server says
 * `sync.mode: 'direct'`). The client plugins run in this order, each depending on the one before:
 * the Convex client context, the auth bridge (token), the sync provider.
 */
const or3ProviderConvex: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'or3-provider-convex',
    configKey: 'or3ProviderConvex',
  },
  setup() {
    const { resolve } = createResolver(import.meta.url)
    addServerPlugin(resolve('./runtime/server/plugins/register'))
    addServerHandler({ route: '/api/convex/connection', method: 'get', handler: resolve('./runtime/server/routes/connection.get') })
    addPlugin({ src: resolve('./runtime/plugins/convex-client.client'), mode: 'client' })
    addPlugin({ src: resolve('./runtime/plugins/convex-auth.client'), mode: 'client' })
    addPlugin({ src: resolve('./runtime/plugins/convex-sync.client'), mode: 'client' })
  },
})

export default or3ProviderConvex
