import { addServerPlugin, createResolver, defineNuxtModule } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'

/** The module takes no options: settings are runtime env, read at boot. */
export type ModuleOptions = Record<string, never>

/**
 * or3-provider-sqlite: workspaces, sync, rate limits, background jobs, notifications and admin
 * status on bun:sqlite. Wiring only; the implementations live in runtime/server. Settings are
 * runtime env (OR3_SQLITE_PATH, OR3_DATA_DIR), read when the server boots, not at build time.
 */
const or3ProviderSqlite: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'or3-provider-sqlite',
    configKey: 'or3ProviderSqlite',
  },
  setup() {
    const resolver = createResolver(import.meta.url)
    addServerPlugin(resolver.resolve('./runtime/server/plugins/register'))
  },
})

export default or3ProviderSqlite
