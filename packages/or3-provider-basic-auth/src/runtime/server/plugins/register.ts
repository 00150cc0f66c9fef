import { defineNitroPlugin } from 'nitropack/runtime'
import { registerAdminAdapter, registerAuthProvider, registerTokenBroker } from 'or3-provider-kit/server'
import { BASIC_AUTH_PROVIDER_ID } from '../../shared/wire'
import { ensureBasicAuth } from '../basic-auth'

/**
 * Registers factories only: nothing opens until core resolves 'basic-auth' at boot, so a server
 * that includes this module but selects another auth provider never creates the database.
 */
export default defineNitroPlugin(() => {
  registerAuthProvider(BASIC_AUTH_PROVIDER_ID, (ctx) => ensureBasicAuth(ctx).authProvider)
  registerTokenBroker(BASIC_AUTH_PROVIDER_ID, (ctx) => ensureBasicAuth(ctx).tokenBroker)
  registerAdminAdapter(BASIC_AUTH_PROVIDER_ID, (ctx) => ensureBasicAuth(ctx).admin)
})
