import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { realNow } from '../../src/testing/real-clock'

/**
 * TEST DOUBLE of an OIDC identity provider such as Clerk: a discovery document and a JWKS over
 * HTTP, and RS256 tokens it signs. (or3-provider-clerk will export a full Clerk double.)
 */
export async function startOidcIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const kid = 'oidc-test-key'
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  let domain = ''
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    development: false,
    fetch(request): Response {
      const { pathname } = new URL(request.url)
      if (pathname === '/.well-known/openid-configuration') return Response.json({ issuer: domain, jwks_uri: `${domain}/.well-known/jwks.json` })
      if (pathname === '/.well-known/jwks.json') return Response.json({ keys: [jwk] })
      return new Response('Not Found', { status: 404 })
    },
  })
  domain = `http://127.0.0.1:${server.port}`
  return {
    domain,
    jwks: { keys: [jwk] },
    async mint(claims: Record<string, unknown> & { sub: string }, audience: string | null = 'convex') {
      const now = Math.floor(realNow() / 1000)
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(domain).setIssuedAt(now).setExpirationTime(now + 600)
      return await (audience === null ? jwt : jwt.setAudience(audience)).sign(privateKey)
    },
    stop: () => server.stop(true),
  }
}
