import { existsSync, readFileSync } from 'node:fs'
import { generateKeyPairSync } from 'node:crypto'
import { join } from 'node:path'
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { requestEvent } from 'or3-provider-kit/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { ACCESS_TOKEN_TTL_MS, basicAuthIssuer, basicAuthJwks, MINTED_TOKEN_TTL_SECONDS } from '../src/runtime/index'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

async function signedInEvent(email = 'ann@example.org') {
  const ann = h.browser()
  const reply = await ann.register({ email, password: STRONG_PASSWORD, displayName: 'Ann' })
  const event = requestEvent({ method: 'POST', url: '/api/auth/token', headers: { cookie: `or3_ba_access=${ann.jar.get('or3_ba_access')}` } })
  return { event, accountId: reply.body.user.id as string }
}

const secretsOf = (harness: Harness) => {
  const file = join(harness.dataDir, 'secrets.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {}
}

describe('basic-auth tokens for Convex', () => {
  it('carries the account id, email (unverified) and name, for audience convex, and verifies against the JWKS', async () => {
    h = createHarness({ env: { OR3_JWT_ISSUER: 'https://chat.example.com' } })
    const { event, accountId } = await signedInEvent()
    const token = (await h.auth.tokenBroker.getToken(event, { providerId: 'convex', template: 'convex' }))!
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(basicAuthJwks(h.ctx.env)), {
      issuer: 'https://chat.example.com',
      audience: 'convex',
      currentDate: new Date(h.now()),
    })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({ sub: accountId, email: 'ann@example.org', email_verified: false, name: 'Ann' })
    expect(payload.exp! - payload.iat!).toBe(MINTED_TOKEN_TTL_SECONDS)
    // Two tokens minted in the same second differ: a client renewing its token gets a new one.
    const again = (await h.auth.tokenBroker.getToken(event, { providerId: 'convex', template: 'convex' }))!
    expect(again).not.toBe(token)
    expect(basicAuthIssuer(h.ctx.env)).toBe('https://chat.example.com')
  })

  it('never outlives the session that minted it', async () => {
    h = createHarness()
    const { event } = await signedInEvent()
    h.advance(ACCESS_TOKEN_TTL_MS - 60_000)
    const claims = decodeJwt((await h.auth.tokenBroker.getToken(event, { providerId: 'convex' }))!)
    expect(claims.exp! * 1000).toBeLessThanOrEqual(h.now() + 60_000)
    h.advance(61_000)
    expect(await h.auth.tokenBroker.getToken(event, { providerId: 'convex' })).toBeNull()
  })

  it('mints for Convex only, and generates its key into secrets.json on first use only', async () => {
    h = createHarness()
    const { event } = await signedInEvent()
    expect(secretsOf(h)).not.toHaveProperty('basic-auth-jwt-private-key')
    expect(await h.auth.tokenBroker.getToken(event, { providerId: 'other-service' })).toBeNull()
    expect(await h.auth.tokenBroker.getToken(event, { providerId: 'convex', template: 'something-else' })).toBeNull()
    expect(secretsOf(h)).not.toHaveProperty('basic-auth-jwt-private-key')
    const first = (await h.auth.tokenBroker.getToken(event, { providerId: 'convex' }))!
    const stored = secretsOf(h)['basic-auth-jwt-private-key']
    expect(stored).toContain('PRIVATE KEY')
    expect(decodeJwt(first).sub).toBeTruthy()
    // The wizard, reading the same data folder, publishes the key the server signs with.
    await jwtVerify(first, createLocalJWKSet(basicAuthJwks(h.ctx.env)), { currentDate: new Date(h.now()) })
  })

  it('signs with OR3_BASIC_AUTH_JWT_PRIVATE_KEY when set, and the JWKS is that key', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    h = createHarness({ env: { OR3_BASIC_AUTH_JWT_PRIVATE_KEY: pem } })
    const { event } = await signedInEvent()
    const token = (await h.auth.tokenBroker.getToken(event, { providerId: 'convex' }))!
    await jwtVerify(token, createLocalJWKSet(basicAuthJwks({ OR3_BASIC_AUTH_JWT_PRIVATE_KEY: pem })), { currentDate: new Date(h.now()) })
    expect(secretsOf(h)).not.toHaveProperty('basic-auth-jwt-private-key')
  })

  it('answers null, and says why in the log, when its key cannot be loaded', async () => {
    h = createHarness({ env: { OR3_BASIC_AUTH_JWT_PRIVATE_KEY: 'not a key' } })
    const { event } = await signedInEvent()
    const logged: string[] = []
    const original = console.error
    console.error = (message: string) => void logged.push(message)
    try {
      expect(await h.auth.tokenBroker.getToken(event, { providerId: 'convex' })).toBeNull()
    } finally {
      console.error = original
    }
    expect(logged.join('\n')).toContain('OR3_BASIC_AUTH_JWT_PRIVATE_KEY is not a PEM private key')
  })
})
