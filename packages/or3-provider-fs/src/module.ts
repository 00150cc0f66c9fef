import { addServerHandler, addServerPlugin, createResolver, defineNuxtModule } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'

// This module takes no options: settings are runtime env (OR3_FS_*), limits come from the OR3 config.
export type ModuleOptions = Record<string, never>

// Only wiring: the behaviour lives in runtime/server and is registered with the kit at boot.
const module: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: { name: 'or3-provider-fs', configKey: 'or3ProviderFs' },
  setup() {
    const resolver = createResolver(import.meta.url)
    addServerPlugin(resolver.resolve('./runtime/server/plugins/register'))
    addServerHandler({
      route: '/api/storage/fs/upload',
      method: 'put',
      handler: resolver.resolve('./runtime/server/routes/upload.put'),
    })
    addServerHandler({
      route: '/api/storage/fs/download',
      method: 'get',
      handler: resolver.resolve('./runtime/server/routes/download.get'),
    })
  },
})

export default module
