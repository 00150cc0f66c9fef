/** The id this package registers under: `auth.provider: clerk`. */
export const CLERK_PROVIDER_ID = 'clerk'

/**
 * Set on the request context by the server middleware when Clerk is the selected auth provider;
 * the app plugin reads it during SSR so the browser loads Clerk only on deployments that use it.
 */
export const CLERK_ACTIVE_CONTEXT_KEY = 'or3ClerkActive'
