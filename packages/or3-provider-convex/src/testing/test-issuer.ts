import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose'
import { realNow } from './real-clock'

/** The subject of the OR3 server's own token (the functions' `SERVER_SUBJECT`). */
export const SERVER_SUBJECT = 'or3-server'

export interface TokenClaims {
  sub: string
  email?: string
  email_verified?: boolean
  name?: string
  [claim: string]: unknown
}

/**
 * TEST DOUBLE of OR3's own token issuer: an RS256 key pair whose public half is offered as a
 * JWKS (also as the `data:` URI `OR3_JWKS` takes), minting user and server tokens the way the
 * OR3 server will. Lifetimes use the wall clock, never a test clock.
 */
export interface TestIssuer {
  issuer: string
  jwks: JSONWebKeySet
  /** `data:application/json;base64,...`: what the deployment's `OR3_JWKS` holds. */
  jwksDataUri: string
  /** A user token (audience `convex`). */
  mint(claims: TokenClaims, options?: { expiresInSeconds?: number; audience?: string }): Promise<string>
  /** The OR3 server's own token: server-only functions accept it, user functions refuse it. */
  serverToken(): Promise<string>
  /** The deployment env that makes auth.config trust this issuer. */
  env(): Record<string, string>
}

export async function createTestIssuer(issuer = 'https://or3.test'): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = `test-${crypto.randomUUID().slice(0, 8)}`
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] }
  const jwksDataUri = `data:application/json;base64,${Buffer.from(JSON.stringify(jwks)).toString('base64')}`

  async function mint(claims: TokenClaims, options: { expiresInSeconds?: number; audience?: string } = {}) {
    const issuedAt = Math.floor(realNow() / 1000)
    return await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(options.audience ?? 'convex')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (options.expiresInSeconds ?? 3600))
      .sign(privateKey)
  }

  return {
    issuer,
    jwks,
    jwksDataUri,
    mint,
    serverToken: () => mint({ sub: SERVER_SUBJECT }),
    env: () => ({ OR3_JWT_ISSUER: issuer, OR3_JWKS: jwksDataUri }),
  }
}
