import type { AuthProvider, ProviderSession } from 'or3-provider-kit'
import { CLERK_PROVIDER_ID } from '../shared/ids'
import type { RequestAuthenticator } from './request-auth'
import type { UserDirectory } from './user-directory'

/**
 * The kit's session plus whether Clerk verified the email: an unverified address may sign in but
 * must never match an invitation or a member added by email.
 */
export type ClerkProviderSession = ProviderSession & { emailVerified: boolean }

/**
 * The caller per Clerk: a verified session token, the user's primary email and name from the
 * Backend API (cached briefly), and an OR3 session that ends when the token does.
 */
export function createClerkAuthProvider(deps: { requests: RequestAuthenticator; users: UserDirectory }): AuthProvider {
  return {
    id: CLERK_PROVIDER_ID,
    async getSession(event) {
      const auth = await deps.requests.authenticate(event)
      if (auth.status !== 'signed-in') return null
      const profile = await deps.users.getProfile(auth.userId)
      if (!profile) return null
      const session: ClerkProviderSession = {
        provider: CLERK_PROVIDER_ID,
        providerUserId: auth.userId,
        email: profile.email,
        emailVerified: profile.emailVerified,
        displayName: profile.displayName,
        expiresAt: new Date(auth.expiresAt).toISOString(),
      }
      return session
    },
  }
}
