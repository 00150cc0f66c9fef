import type { UserIdentity } from 'convex/server'
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose'
import { realNow } from './real-clock'

/** One entry of `auth.config.ts`'s `providers`, as Convex reads it. */
export type AuthProviderConfig =
  | { type: 'customJwt'; issuer: string; jwks: string; algorithm: 'RS256' | 'ES256'; applicationID?: string }
  | { type?: 'oidc'; domain: string; applicationID: string }

export class TokenRejectedError extends Error {}

const trimSlash = (url: string) => url.replace(/\/+$/, '')

/** `data:[<type>][;base64],<data>` holding a JWKS, or null when `uri` is not a data URI. */
function parseDataUriJwks(uri: string): JWTVerifyGetKey | null {
  const match = /^data:[^,]*?(;base64)?,(.*)$/s.exec(uri)
  if (!match) return null
  const text = match[1] ? Buffer.from(match[2]!, 'base64').toString('utf8') : decodeURIComponent(match[2]!)
  return createLocalJWKSet(JSON.parse(text))
}

// Standard OIDC claims and the UserIdentity fields Convex maps them to.
const IDENTITY_FIELDS: Record<string, string> = {
  name: 'name',
  given_name: 'givenName',
  family_name: 'familyName',
  nickname: 'nickname',
  preferred_username: 'preferredUsername',
  profile: 'profileUrl',
  picture: 'pictureUrl',
  email: 'email',
  email_verified: 'emailVerified',
  gender: 'gender',
  birthdate: 'birthday',
  zoneinfo: 'timezone',
  locale: 'language',
  phone_number: 'phoneNumber',
  phone_number_verified: 'phoneNumberVerified',
  address: 'address',
  updated_at: 'updatedAt',
}
const REGISTERED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'])

function toIdentity(payload: JWTPayload): Partial<UserIdentity> & { tokenIdentifier: string } {
  const identity: Record<string, unknown> = {
    tokenIdentifier: `${payload.iss}|${payload.sub}`,
    subject: payload.sub,
    issuer: payload.iss,
  }
  for (const [claim, value] of Object.entries(payload)) {
    if (REGISTERED_CLAIMS.has(claim)) continue
    // Custom claims pass through as they are, as Convex does for custom JWT providers.
    identity[IDENTITY_FIELDS[claim] ?? claim] = value
  }
  return identity as Partial<UserIdentity> & { tokenIdentifier: string }
}

interface Verifier {
  issuer: string
  audience?: string
  algorithms?: string[]
  keys: () => Promise<JWTVerifyGetKey>
}

/** Keys of OIDC providers by domain, given instead of discovered (an issuer no test can reach). */
export type OidcKeys = Record<string, JSONWebKeySet>

function verifierFor(provider: AuthProviderConfig, fetchImpl: typeof fetch, oidcKeys: OidcKeys): Verifier {
  if ('domain' in provider) {
    const given = oidcKeys[trimSlash(provider.domain)]
    // Convex discovers an OIDC provider's keys from its discovery document.
    let keys: Promise<JWTVerifyGetKey> | null = given ? Promise.resolve(createLocalJWKSet(given)) : null
    return {
      issuer: trimSlash(provider.domain),
      audience: provider.applicationID,
      keys: () =>
        (keys ??= fetchImpl(`${trimSlash(provider.domain)}/.well-known/openid-configuration`)
          .then((response) => response.json() as Promise<{ jwks_uri: string }>)
          .then((discovery) => createRemoteJWKSet(new URL(discovery.jwks_uri)))),
    }
  }
  const local = parseDataUriJwks(provider.jwks)
  const remote = local ?? createRemoteJWKSet(new URL(provider.jwks))
  return {
    issuer: trimSlash(provider.issuer),
    audience: provider.applicationID,
    algorithms: [provider.algorithm],
    keys: async () => remote,
  }
}

/**
 * TEST DOUBLE of a Convex deployment's token check: a token is accepted only when a provider of
 * `auth.config.ts` issued it (issuer, audience = applicationID, algorithm, signature against its
 * JWKS, expiry), and it becomes the identity functions see in `ctx.auth.getUserIdentity()`.
 */
export function createTokenVerifier(providers: AuthProviderConfig[], fetchImpl: typeof fetch = fetch, oidcKeys: OidcKeys = {}) {
  const verifiers = providers.map((provider) => verifierFor(provider, fetchImpl, oidcKeys))
  return {
    async verify(token: string) {
      let issuer: string | undefined
      try {
        issuer = decodeJwt(token).iss
      } catch {
        throw new TokenRejectedError('The auth token is not a JWT')
      }
      const candidates = verifiers.filter((verifier) => issuer !== undefined && verifier.issuer === trimSlash(issuer))
      if (candidates.length === 0) throw new TokenRejectedError(`No auth provider found matching the given token (issuer ${issuer})`)
      let lastError: unknown
      for (const verifier of candidates) {
        try {
          const { payload } = await jwtVerify(token, await verifier.keys(), {
            issuer: [verifier.issuer, `${verifier.issuer}/`],
            audience: verifier.audience,
            algorithms: verifier.algorithms,
            currentDate: new Date(realNow()),
          })
          if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenRejectedError('The token has no subject')
          return toIdentity(payload)
        } catch (error) {
          lastError = error
        }
      }
      throw new TokenRejectedError(`Could not verify the token: ${(lastError as Error).message}`)
    },
  }
}
