import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto'

/** The category header Clerk puts on session tokens. */
export const SESSION_TOKEN_CATEGORY = 'cl_B7d4PD111AAA'

/**
 * TEST DOUBLE: an RS256 signing key like a Clerk instance's, generated per run. 2048 bits, the
 * only size Clerk's JWT key parser accepts.
 */
export interface InstanceSigningKey {
  kid: string
  /** PEM (SPKI): what `NUXT_CLERK_JWT_KEY` holds. */
  publicKeyPem: string
  /** The key as the Backend API's `GET /v1/jwks` lists it. */
  jwk: Record<string, string>
  sign(payload: Record<string, unknown>, header?: Record<string, unknown>): string
}

export function createInstanceSigningKey(): InstanceSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = `ins_double_${randomUUID().replace(/-/g, '').slice(0, 16)}`
  return {
    kid,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'RS256', use: 'sig' },
    sign: (payload, header = {}) => signJwt(privateKey, { alg: 'RS256', typ: 'JWT', kid, ...header }, payload),
  }
}

export function signJwt(key: KeyObject, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url')
  const body = `${encode(header)}.${encode(payload)}`
  const signature = createSign('RSA-SHA256').update(body).sign(key).toString('base64url')
  return `${body}.${signature}`
}

/** `pk_live_` + base64 of `"<frontend-api-host>$"`: a production-instance key naming that host. */
export function publishableKeyFor(frontendApiHost: string, instance: 'live' | 'test' = 'live'): string {
  return `pk_${instance}_${Buffer.from(`${frontendApiHost}$`).toString('base64')}`
}
