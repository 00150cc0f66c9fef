import { addPlugin, addServerHandler, addServerPlugin, createResolver, defineNuxtModule, extendPages } from '@nuxt/kit'
import type { NuxtModule } from 'nuxt/schema'
import { BASIC_AUTH_PATHS, BASIC_AUTH_RESET_PAGE } from './runtime/shared/wire'

/** Route file (in runtime/server/routes) → path. All POST: each one changes session state. */
const ROUTES = {
  'register.post': BASIC_AUTH_PATHS.register,
  'sign-in.post': BASIC_AUTH_PATHS.signIn,
  'sign-out.post': BASIC_AUTH_PATHS.signOut,
  'refresh.post': BASIC_AUTH_PATHS.refresh,
  'change-password.post': BASIC_AUTH_PATHS.changePassword,
  'reset-password.post': BASIC_AUTH_PATHS.resetPassword,
} as const

export type ModuleOptions = Record<string, never>

/** Email + password sign-in for OR3: wiring only; behaviour lives in runtime/. */
const or3BasicAuthModule: NuxtModule<ModuleOptions> = defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'or3-provider-basic-auth',
    configKey: 'or3BasicAuth',
  },
  setup() {
    const { resolve } = createResolver(import.meta.url)

    addServerPlugin(resolve('./runtime/server/plugins/register'))
    for (const [file, route] of Object.entries(ROUTES)) {
      addServerHandler({ route, method: 'post', handler: resolve(`./runtime/server/routes/${file}`) })
    }

    // Where a password-reset link the admin created leads.
    extendPages((pages) => {
      pages.push({ name: 'basic-auth-reset-password', path: BASIC_AUTH_RESET_PAGE, file: resolve('./runtime/pages/reset-password.vue') })
    })

    addPlugin({ src: resolve('./runtime/plugins/auth-ui.client'), mode: 'client' })
    addPlugin({ src: resolve('./runtime/plugins/session-refresh.client'), mode: 'client' })
  },
})

export default or3BasicAuthModule
