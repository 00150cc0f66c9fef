import { addServerPlugin, createResolver, defineNuxtModule } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'

/** The module takes no options: settings are runtime env, read at boot. */
export type ModuleOptions = Record<string, never>

/**
 * or3-provider-postgres: workspaces, sync, rate limits, background jobs, notifications and admin
 * status on PostgreSQL. Wiring only; the implementations live in runtime/server. Settings are
 * runtime env (OR3_POSTGRES_URL, OR3_POSTGRES_SCHEMA, OR3_POSTGRES_POOL_MAX), read when the server
 * boots, not at build time.
 */
const or3ProviderPostgres: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'or3-provider-postgres',
    configKey: 'or3ProviderPostgres',
  },
  setup() {
    const resolver = createResolver(import.meta.url)
    addServerPlugin(resolver.resolve('./runtime/server/plugins/register'))
  },
})

export default or3ProviderPostgres
