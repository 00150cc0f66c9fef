import { jwksOf, or3JwtIssuer, resolveSigningKey, type Jwks, type SigningKey } from 'or3-provider-kit/server'

// The RS256 key basic-auth signs its users' tokens for other services with (a Convex deployment
// trusts them through a `customJwt` provider: issuer and JWKS). From env, or generated once into
// the data folder's secrets.json, the first time a token or the JWKS is asked for.

export const JWT_PRIVATE_KEY_ENV = 'OR3_BASIC_AUTH_JWT_PRIVATE_KEY'
const SECRETS_NAME = 'basic-auth-jwt-private-key'

export type Env = Record<string, string | undefined>

export function resolveBasicAuthSigningKey(env: Env): SigningKey {
  return resolveSigningKey({ env, envVar: JWT_PRIVATE_KEY_ENV, name: SECRETS_NAME })
}

/**
 * The public keys a service needs to verify basic-auth's tokens, e.g. for the setup wizard to
 * write into a Convex deployment's `OR3_JWKS` (as a `data:` URI). Generates the key on first call
 * when `OR3_BASIC_AUTH_JWT_PRIVATE_KEY` is not set, into the same `OR3_DATA_DIR` the server uses.
 */
export function basicAuthJwks(env: Env): Jwks {
  return jwksOf(resolveBasicAuthSigningKey(env).publicJwk)
}

/** The `iss` of basic-auth's tokens: `OR3_JWT_ISSUER`, or the kit's default. */
export function basicAuthIssuer(env: Env): string {
  return or3JwtIssuer(env)
}
