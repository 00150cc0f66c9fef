import { clerkPlugin } from '@clerk/vue'
import type { NuxtApp } from '#app'
import { navigateTo } from '#imports'
import { registerAuthUi } from 'or3-provider-kit'
import { CLERK_PROVIDER_ID } from '../shared/ids'
import ClerkSignInPanel from '../components/ClerkSignInPanel.vue'
import ClerkUserMenu from '../components/ClerkUserMenu.vue'
import { watchClerkSession } from './session-watch'

export interface ClerkPublicConfig {
  publishableKey?: string
  proxyUrl?: string
  jsUrl?: string
  uiUrl?: string
}

/** Installs Clerk's Vue plugin (which loads clerk-js and Clerk's UI) and registers the AuthUi. */
export function installClerk(nuxtApp: NuxtApp, config: ClerkPublicConfig): void {
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
    // A self-hosted app talks to the Clerk instance it is configured for, and to nothing else.
    telemetry: false,
    ...locations,
  })
  registerAuthUi({ id: CLERK_PROVIDER_ID, SignInPanel: ClerkSignInPanel, UserMenu: ClerkUserMenu })
  watchClerkSession(nuxtApp)
}
