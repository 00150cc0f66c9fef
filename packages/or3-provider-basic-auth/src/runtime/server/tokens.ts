import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/** What an access token says: who (`sub`), which sign-in (`sid`), until when (`exp`, ms since the epoch). */
export interface AccessClaims {
  sub: string
  sid: string
  exp: number
}

const claimsSchema = z
  .object({
    sub: z.string().min(1).max(128),
    sid: z.string().min(1).max(128),
    exp: z.number().int().positive(),
  })
  .strict()

// Domain separation: the same secret could one day sign something else; this tag keeps a
// signature for one purpose from verifying for another.
const ACCESS_TAG = 'or3-basic-auth/access/v1'
const MAX_TOKEN_LENGTH = 1024

export function signAccessToken(secret: string, claims: AccessClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${payload}.${sign(secret, payload)}`
}

/**
 * The claims of a well-formed, correctly signed, unexpired token; `null` for anything else.
 * Never throws: cookies are attacker-controlled input.
 */
export function verifyAccessToken(secret: string, token: string | undefined, now: number): AccessClaims | null {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null
  const parts = token.split('.')
  if (parts.length !== 2) return null
  const [payload, signature] = parts as [string, string]
  const expected = Buffer.from(sign(secret, payload), 'base64url')
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  const claims = claimsSchema.safeParse(decoded)
  if (!claims.success || claims.data.exp <= now) return null
  return claims.data
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`${ACCESS_TAG}.${payload}`).digest('base64url')
}

/** 32 random bytes, base64url: the refresh token as the browser holds it. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The only form in which a refresh token is stored: a stolen database holds no usable token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
