import { addServerPlugin, createResolver, defineNuxtModule } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'

export type ModuleOptions = Record<string, never>

// A thin door: it adds the Nitro plugin that registers the implementations, nothing else.
const module: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: { name: 'or3-provider-memory', configKey: 'or3ProviderMemory' },
  setup() {
    const { resolve } = createResolver(import.meta.url)
    addServerPlugin(resolve('./runtime/server/plugins/register'))
  },
})

export default module
