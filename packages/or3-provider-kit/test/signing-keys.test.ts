import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_OR3_JWT_ISSUER, jwksDataUri, jwksOf, or3JwtIssuer, resolveSigningKey, signJwt } from '../src/signing-keys.ts'

/** Verifies like a receiving service: the key named by `kid` in the JWKS, RS256. */
function verifyWith(jwks: { keys: Array<Record<string, unknown>> }, token: string) {
  const [header, payload, signature] = token.split('.') as [string, string, string]
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString())
  const jwk = jwks.keys.find((key) => key.kid === kid)
  if (!jwk || alg !== 'RS256') return null
  const key = createPublicKey({ key: jwk as never, format: 'jwk' })
  const valid = verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))
  return valid ? JSON.parse(Buffer.from(payload, 'base64url').toString()) : null
}

describe('resolveSigningKey', () => {
  let dataDir: string
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'or3-keys-'))))
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }))
  const options = (env: Record<string, string> = {}) => ({ env: { OR3_DATA_DIR: dataDir, ...env }, envVar: 'OR3_TEST_KEY', name: 'test-key' })
  const claims = { iss: 'https://or3.test', sub: 'user-1', aud: 'convex', iat: 1, exp: 2 }

  it('generates an RSA 2048 key into secrets.json once, and signs tokens its JWKS verifies', () => {
    const key = resolveSigningKey(options())
    expect(key.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'))['test-key']).toContain('BEGIN PRIVATE KEY')
    const again = resolveSigningKey(options())
    expect(again.kid).toBe(key.kid)
    expect(verifyWith(jwksOf(again.publicJwk) as never, signJwt(key, claims))).toEqual(claims)
    expect(key.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: key.kid })
    expect(key.publicJwk).not.toHaveProperty('d')
  })

  it('prefers a PEM from env (with \\n escapes, as env files hold it) and writes nothing', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    const key = resolveSigningKey(options({ OR3_TEST_KEY: pem.replace(/\n/g, '\\n') }))
    expect(verifyWith({ keys: [key.publicJwk as never] }, signJwt(key, claims))).toEqual(claims)
    expect(() => statSync(join(dataDir, 'secrets.json'))).toThrow()
  })

  it('refuses garbage and keys too weak for RS256, naming the variable', () => {
    expect(() => resolveSigningKey(options({ OR3_TEST_KEY: 'not a key' }))).toThrow(/OR3_TEST_KEY is not a PEM private key/)
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    expect(() => resolveSigningKey(options({ OR3_TEST_KEY: small }))).toThrow(/OR3_TEST_KEY must be an RSA key of at least 2048 bits/)
  })

  it('a token signed by one key is refused by the JWKS of another', () => {
    const mine = resolveSigningKey(options())
    const other = resolveSigningKey({ ...options(), name: 'other-key' })
    expect(verifyWith(jwksOf(other.publicJwk) as never, signJwt(mine, claims))).toBeNull()
    expect(verifyWith(jwksOf(other.publicJwk, jwksOf(mine.publicJwk)) as never, signJwt(mine, claims))).toEqual(claims)
  })
})

describe('issuer and JWKS helpers', () => {
  it('OR3_JWT_ISSUER wins over the default', () => {
    expect(or3JwtIssuer({})).toBe(DEFAULT_OR3_JWT_ISSUER)
    expect(or3JwtIssuer({ OR3_JWT_ISSUER: ' https://chat.example.com ' })).toBe('https://chat.example.com')
  })

  it('merges JWKS without repeating a kid, and encodes a data: URI', () => {
    const a = { kid: 'a', kty: 'RSA' }
    const merged = jwksOf({ keys: [a] }, a, { kid: 'b', kty: 'RSA' })
    expect(merged.keys.map((key) => key.kid)).toEqual(['a', 'b'])
    const uri = jwksDataUri(merged)
    expect(JSON.parse(Buffer.from(uri.replace('data:application/json;base64,', ''), 'base64').toString())).toEqual(merged)
  })
})
