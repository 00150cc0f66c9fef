import { addPlugin, addServerHandler, addServerPlugin, createResolver, defineNuxtModule, installModule } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'

export type ModuleOptions = Record<string, never>

/** Sign-in with Clerk for OR3: wiring only; behaviour lives in runtime/. */
const or3ClerkModule: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'or3-provider-clerk',
    configKey: 'or3Clerk',
  },
  async setup(_options, nuxt) {
    const { resolve } = createResolver(import.meta.url)

    // No keys at build time: @clerk/nuxt declares its runtime config (public.clerk.publishableKey,
    // jsUrl, uiUrl, proxyUrl, ...) so the NUXT_PUBLIC_CLERK_* env vars fill it when the server starts.
    // This package's middleware verifies each request once, and only when Clerk is selected.
    await installModule('@clerk/nuxt', { skipServerMiddleware: true })
    // Clerk's app plugin would load clerk-js on every deployment that includes this package; the
    // package's own plugin installs the same Vue plugin only where Clerk is the auth provider.
    nuxt.options.plugins = nuxt.options.plugins.filter(
      (plugin) => !/@clerk[\\/]nuxt[\\/]dist[\\/]runtime[\\/]plugin/.test(typeof plugin === 'string' ? plugin : plugin.src),
    )

    addServerPlugin(resolve('./runtime/server/plugins/register'))
    addServerHandler({ middleware: true, handler: resolve('./runtime/server/middleware/clerk-request') })
    addPlugin({ src: resolve('./runtime/plugins/clerk') })
  },
})

export default or3ClerkModule
