import { defineNuxtPlugin, useRuntimeConfig, useState } from '#imports'
import { CLERK_ACTIVE_CONTEXT_KEY } from '../shared/ids'
import type { ClerkPublicConfig } from '../client/install-clerk'

/**
 * Loads Clerk in the browser only where the server says Clerk is this deployment's auth provider
 * (a host may include the package and select another), then hands core the sign-in panel and the
 * user menu. Replaces @clerk/nuxt's own app plugin, which would load Clerk unconditionally; the
 * Clerk code itself is a separate chunk that other deployments never download.
 */
export default defineNuxtPlugin({
  name: 'or3-clerk',
  async setup(nuxtApp) {
    const active = useState('or3-clerk-active', () => false)
    if (import.meta.server) active.value = nuxtApp.ssrContext?.event.context[CLERK_ACTIVE_CONTEXT_KEY] === true
    if (import.meta.server || !active.value) return
    // Read before the await: Nuxt's composables need the plugin's synchronous context.
    const config = (useRuntimeConfig().public.clerk ?? {}) as ClerkPublicConfig
    const { installClerk } = await import('../client/install-clerk')
    installClerk(nuxtApp, config)
  },
})
