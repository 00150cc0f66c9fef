import { defineNitroPlugin } from 'nitropack/runtime'
import { registerAdminAdapter, registerAuthProvider, registerTokenBroker } from 'or3-provider-kit/server'
import { CLERK_PROVIDER_ID } from '../../shared/ids'
import { ensureClerkProvider } from '../clerk'

/**
 * Registers factories only: nothing reads a Clerk key until core resolves 'clerk' at boot, so a
 * server that includes this module but selects another auth provider needs no Clerk keys.
 */
export default defineNitroPlugin(() => {
  registerAuthProvider(CLERK_PROVIDER_ID, (ctx) => ensureClerkProvider(ctx).authProvider)
  registerTokenBroker(CLERK_PROVIDER_ID, (ctx) => ensureClerkProvider(ctx).tokenBroker)
  registerAdminAdapter(CLERK_PROVIDER_ID, (ctx) => ensureClerkProvider(ctx).admin)
})
