import type { AuthConfig } from 'convex/server'

// The tokens this deployment accepts. Set the variables on the deployment
// (`CI=1 bunx convex env set NAME value`), then deploy again: auth config is read at deploy time.
//
// - OR3's own issuer (always): the OR3 server signs RS256 tokens for itself (subject
//   `or3-server`) and, with basic-auth, for its users. OR3_JWKS is the issuer's public key set,
//   as an https URL or a `data:application/json;base64,...` URI (no network path from Convex to
//   the OR3 server is needed then).
// - Clerk (when CLERK_JWT_ISSUER_DOMAIN is set): tokens of Clerk's `convex` JWT template.

const providers: AuthConfig['providers'] = [
  {
    type: 'customJwt',
    applicationID: 'convex',
    issuer: process.env.OR3_JWT_ISSUER!,
    jwks: process.env.OR3_JWKS!,
    algorithm: 'RS256',
  },
]

if (process.env.CLERK_JWT_ISSUER_DOMAIN) {
  providers.push({ domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: 'convex' })
}

export default { providers } satisfies AuthConfig
