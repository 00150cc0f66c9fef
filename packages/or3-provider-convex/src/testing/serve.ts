#!/usr/bin/env bun
// Starts the deployment double in its own process, for tests that run OR3 and the deployment as
// separate processes. Settings come from the environment:
//   OR3_CONVEX_DOUBLE_FUNCTIONS_DIR  a backend folder's convex/ (default: the templates, prepared)
//   OR3_CONVEX_DOUBLE_PORT           default 0 (any free port)
//   OR3_CONVEX_DOUBLE_ADMIN_KEY      default generated
//   OR3_JWT_ISSUER, OR3_JWKS, CLERK_JWT_ISSUER_DOMAIN   the deployment env auth.config.ts reads
//   OR3_CONVEX_DOUBLE_OIDC_KEYS      JSON { "<OIDC domain>": <JWKS> }: keys used instead of discovery
//                                    (e.g. the Clerk double's, under CLERK_JWT_ISSUER_DOMAIN)
// It prints one JSON line, {"url": ..., "adminKey": ...}, then serves until stdin closes or it
// is signalled. POST /_double/reset with the admin key empties it.
import { startDeploymentDouble } from './deployment-double'
import type { OidcKeys } from './token-verifier'

const env = process.env
const double = await startDeploymentDouble({
  functionsDir: env.OR3_CONVEX_DOUBLE_FUNCTIONS_DIR || undefined,
  port: Number(env.OR3_CONVEX_DOUBLE_PORT ?? 0),
  adminKey: env.OR3_CONVEX_DOUBLE_ADMIN_KEY || undefined,
  oidcKeys: env.OR3_CONVEX_DOUBLE_OIDC_KEYS ? (JSON.parse(env.OR3_CONVEX_DOUBLE_OIDC_KEYS) as OidcKeys) : undefined,
})
process.stdout.write(`${JSON.stringify({ url: double.url, adminKey: double.adminKey })}\n`)

const stop = async () => {
  await double.stop()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop)
process.stdin.resume()
