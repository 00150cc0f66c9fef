import { jwksOf, or3JwtIssuer, resolveSigningKey, signJwt, type Jwks, type SigningKey } from 'or3-provider-kit/server'
import { SERVER_SUBJECT } from '../functions'

// How the OR3 server authenticates to its deployment: an RS256 JWT it signs itself (issuer
// OR3_JWT_ISSUER, subject `or3-server`), which the deployment trusts through the `customJwt`
// provider of auth.config.ts. No admin or deploy key is needed at runtime.

export const SERVER_KEY_ENV = 'OR3_CONVEX_SERVER_PRIVATE_KEY'
const SECRETS_NAME = 'convex-server-private-key'
const TOKEN_TTL_SECONDS = 10 * 60
/** A token is replaced this long before it expires, so no call carries one about to lapse. */
const RENEW_BEFORE_MS = 60_000

type Env = Record<string, string | undefined>

/** The server's signing key: `OR3_CONVEX_SERVER_PRIVATE_KEY` (PEM), or generated into secrets.json. */
export function resolveConvexServerKey(env: Env): SigningKey {
  return resolveSigningKey({ env, envVar: SERVER_KEY_ENV, name: SECRETS_NAME })
}

/**
 * The public keys the deployment's `OR3_JWKS` must hold for this server's token (merge them with
 * basic-auth's `basicAuthJwks` on the basic-auth-convex preset). Generates the key on first call
 * into the data folder the server uses, so the setup wizard and the server agree.
 */
export function convexServerJwks(env: Env): Jwks {
  return jwksOf(resolveConvexServerKey(env).publicJwk)
}

/** The issuer the deployment's `OR3_JWT_ISSUER` must name: `OR3_JWT_ISSUER`, or the kit's default. */
export function convexServerIssuer(env: Env): string {
  return or3JwtIssuer(env)
}

export interface ServerCredential {
  /** A valid server token, minted again shortly before the last one expires. */
  token(): string
  /** A new token now (a websocket client renewing its own before expiry wants a different one). */
  fresh(): string
}

export function createServerCredential(options: { key: SigningKey; issuer: string; now?: () => number }): ServerCredential {
  const now = options.now ?? Date.now
  let current: { token: string; expiresAt: number } | null = null
  function mint(): string {
    const issuedAt = Math.floor(now() / 1000)
    const exp = issuedAt + TOKEN_TTL_SECONDS
    // A unique id: two tokens minted in one second still differ, so a client sees a renewal.
    const token = signJwt(options.key, { iss: options.issuer, sub: SERVER_SUBJECT, aud: 'convex', iat: issuedAt, exp, jti: crypto.randomUUID() })
    current = { token, expiresAt: exp * 1000 }
    return token
  }
  return {
    token: () => (current && current.expiresAt - RENEW_BEFORE_MS > now() ? current.token : mint()),
    fresh: mint,
  }
}
