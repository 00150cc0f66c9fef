import { defineNuxtModule } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'

/** The module takes no options: settings are runtime env, read at boot. */
export type ModuleOptions = Record<string, never>

/**
 * or3-provider-convex: OR3's workspaces, sync, storage, limits, jobs and notifications on a
 * Convex deployment. The backend half (the functions, `or3-provider-convex init`, the local
 * deployment double for tests) is in place; the server adapters this module will register are
 * not yet, so including it registers nothing.
 */
const or3ProviderConvex: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'or3-provider-convex',
    configKey: 'or3ProviderConvex',
  },
  setup() {},
})

export default or3ProviderConvex
