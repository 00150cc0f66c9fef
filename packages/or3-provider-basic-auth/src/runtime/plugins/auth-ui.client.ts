import { defineNuxtPlugin } from '#imports'
import { registerAuthUi } from 'or3-provider-kit'
import { BASIC_AUTH_PROVIDER_ID } from '../shared/wire'
import BasicAuthSignInPanel from '../components/BasicAuthSignInPanel.vue'
import BasicAuthUserMenu from '../components/BasicAuthUserMenu.vue'

/** Hands core the sign-in panel and user menu; core renders them without importing this package. */
export default defineNuxtPlugin({
  name: 'or3-basic-auth:auth-ui',
  setup() {
    registerAuthUi({ id: BASIC_AUTH_PROVIDER_ID, SignInPanel: BasicAuthSignInPanel, UserMenu: BasicAuthUserMenu })
  },
})
