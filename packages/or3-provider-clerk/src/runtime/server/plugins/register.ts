import { defineNitroPlugin } from 'nitropack/runtime'
import { allowContentSources, registerAdminAdapter, registerAuthProvider, registerTokenBroker } from 'or3-provider-kit/server'
import { CLERK_PROVIDER_ID } from '../../shared/ids'
import { ensureClerkProvider } from '../clerk'
import { clerkContentSources } from '../content-sources'

/**
 * Registers factories only: nothing reads a Clerk key until core resolves 'clerk' at boot, so a
 * server that includes this module but selects another auth provider needs no Clerk keys, and its
 * pages' Content-Security-Policy names no Clerk origin.
 */
export default defineNitroPlugin(() => {
  registerAuthProvider(CLERK_PROVIDER_ID, (ctx) => {
    const clerk = ensureClerkProvider(ctx)
    allowContentSources(clerkContentSources(clerk.settings))
    return clerk.authProvider
  })
  registerTokenBroker(CLERK_PROVIDER_ID, (ctx) => ensureClerkProvider(ctx).tokenBroker)
  registerAdminAdapter(CLERK_PROVIDER_ID, (ctx) => ensureClerkProvider(ctx).admin)
})
