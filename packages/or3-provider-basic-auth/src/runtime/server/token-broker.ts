import type { H3Event } from 'h3'
import type { ProviderTokenBroker } from 'or3-provider-kit'
import { signJwt, type SigningKey } from 'or3-provider-kit/server'
import { BASIC_AUTH_PROVIDER_ID } from '../shared/wire'
import type { AuthService } from './auth-service'
import { readAccessToken } from './cookies'

/** Services basic-auth mints tokens for, by provider id: the audience their config expects. */
const AUDIENCES: Record<string, string> = { convex: 'convex' }

/** Short-lived: a service asks again (ConvexClient refreshes before expiry). */
export const MINTED_TOKEN_TTL_SECONDS = 5 * 60

export interface BasicAuthTokenBrokerDeps {
  service: Pick<AuthService, 'getSession'>
  issuer: string
  /** Resolved on first use, so a deployment that never mints never generates a key. */
  signingKey: () => SigningKey
  now: () => number
}

/**
 * Mints an RS256 JWT for the signed-in user (subject: the basic-auth account id) for a service
 * that trusts OR3's issuer, e.g. `{ providerId: 'convex' }` (template absent or `convex`). The
 * token never outlives the session it was minted for. Anything else, or a signed-out caller, is
 * null; a key that cannot be loaded is logged and answers null, never a 500.
 */
export function createBasicAuthTokenBroker(deps: BasicAuthTokenBrokerDeps): ProviderTokenBroker {
  return {
    id: BASIC_AUTH_PROVIDER_ID,
    async getToken(event: H3Event, { providerId, template }) {
      const audience = AUDIENCES[providerId]
      if (audience === undefined || (template !== undefined && template !== providerId)) return null
      const session = deps.service.getSession(readAccessToken(event))
      if (!session) return null
      let key: SigningKey
      try {
        key = deps.signingKey()
      } catch (error) {
        console.error(`[or3-provider-basic-auth] cannot mint a ${providerId} token: ${error instanceof Error ? error.message : String(error)}`)
        return null
      }
      const issuedAt = Math.floor(deps.now() / 1000)
      const sessionEnds = Math.floor(Date.parse(session.expiresAt) / 1000)
      return signJwt(key, {
        iss: deps.issuer,
        sub: session.providerUserId,
        aud: audience,
        iat: issuedAt,
        exp: Math.min(issuedAt + MINTED_TOKEN_TTL_SECONDS, sessionEnds),
        // Unique per mint: a client renewing its token (ConvexClient) must get a different one.
        jti: crypto.randomUUID(),
        ...(session.email ? { email: session.email } : {}),
        email_verified: session.emailVerified === true,
        ...(session.displayName ? { name: session.displayName } : {}),
      })
    },
  }
}
