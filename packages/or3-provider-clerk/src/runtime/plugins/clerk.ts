import { clerkPlugin } from '@clerk/vue'
import { defineNuxtPlugin, navigateTo, useRuntimeConfig, useState } from '#imports'
import { registerAuthUi } from 'or3-provider-kit'
import { CLERK_ACTIVE_CONTEXT_KEY, CLERK_PROVIDER_ID } from '../shared/ids'
import ClerkSignInPanel from '../components/ClerkSignInPanel.vue'
import ClerkUserMenu from '../components/ClerkUserMenu.vue'
import { watchClerkSession } from '../client/session-watch'

interface ClerkPublicConfig {
  publishableKey?: string
  proxyUrl?: string
  jsUrl?: string
  uiUrl?: string
}

/**
 * Loads Clerk in the browser only where the server says Clerk is this deployment's auth provider
 * (a host may include the package and select another), then hands core the sign-in panel and the
 * user menu. Replaces @clerk/nuxt's own app plugin, which would load Clerk unconditionally.
 */
export default defineNuxtPlugin({
  name: 'or3-clerk',
  setup(nuxtApp) {
    const active = useState('or3-clerk-active', () => false)
    if (import.meta.server) active.value = nuxtApp.ssrContext?.event.context[CLERK_ACTIVE_CONTEXT_KEY] === true
    if (import.meta.server || !active.value) return

    const config = (useRuntimeConfig().public.clerk ?? {}) as ClerkPublicConfig
    // Empty means Clerk's defaults: the Frontend API and the scripts the publishable key names.
    // The script URLs are options @clerk/nuxt passes too, though @clerk/vue's type keeps them internal.
    const locations = {
      ...(config.proxyUrl ? { proxyUrl: config.proxyUrl } : {}),
      __internal_clerkJSUrl: config.jsUrl || undefined,
      __internal_clerkUIUrl: config.uiUrl || undefined,
    }
    nuxtApp.vueApp.use(clerkPlugin, {
      publishableKey: config.publishableKey ?? '',
      routerPush: (to: string) => navigateTo(to),
      routerReplace: (to: string) => navigateTo(to, { replace: true }),
      ...locations,
    })
    registerAuthUi({ id: CLERK_PROVIDER_ID, SignInPanel: ClerkSignInPanel, UserMenu: ClerkUserMenu })
    watchClerkSession(nuxtApp)
  },
})
