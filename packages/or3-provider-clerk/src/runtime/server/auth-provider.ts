import type { AuthProvider } from 'or3-provider-kit'
import { CLERK_PROVIDER_ID } from '../shared/ids'
import type { RequestAuthenticator } from './request-auth'
import type { UserDirectory } from './user-directory'

/**
 * The caller per Clerk: a verified session token, the user's primary email, whether Clerk verified
 * it (an unverified address signs in but never matches an invitation) and name from the Backend
 * API (cached briefly), and an OR3 session that ends when the token does.
 */
export function createClerkAuthProvider(deps: { requests: RequestAuthenticator; users: UserDirectory }): AuthProvider {
  return {
    id: CLERK_PROVIDER_ID,
    async getSession(event) {
      const auth = await deps.requests.authenticate(event)
      if (auth.status !== 'signed-in') return null
      const profile = await deps.users.getProfile(auth.userId)
      if (!profile) return null
      return {
        provider: CLERK_PROVIDER_ID,
        providerUserId: auth.userId,
        email: profile.email,
        emailVerified: profile.emailVerified,
        displayName: profile.displayName,
        expiresAt: new Date(auth.expiresAt).toISOString(),
      }
    },
  }
}
