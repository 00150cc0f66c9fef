import { afterEach, describe, expect, it } from 'vitest'
import { createInstanceSigningKey, SESSION_TOKEN_CATEGORY } from '../src/testing'
import { APP_ORIGIN, cookieHeader, createHarness, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

const ALICE = { id: 'user_alice', email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell' }

async function whoami(headers: Record<string, string>) {
  return h.send('/api/whoami', { headers })
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

// Signed out, signed in, identities, tampered, garbage and expired credentials: the kit's AuthProvider
// suite (conformance.test.ts). Here: what Clerk adds (the token types it refuses, authorized parties,
// the email's verification, the session's end, the Backend API and its cache).
describe('Clerk sessions through the real middleware and @clerk/backend', () => {
  it('signs in by Bearer token: the user, the verified primary email and a session ending with the token', async () => {
    h = await createHarness()
    h.double.upsertUser(ALICE)
    const exp = Math.floor(Date.now() / 1000) + 45
    const reply = await whoami(bearer(h.double.sessionToken({ userId: ALICE.id, claims: { exp } })))
    expect(reply.status).toBe(200)
    expect(reply.body.session).toEqual({
      provider: 'clerk',
      providerUserId: ALICE.id,
      email: ALICE.email,
      emailVerified: true,
      displayName: 'Alice Liddell',
      expiresAt: new Date(exp * 1000).toISOString(),
    })
  })

  it('signs in by the __session cookie that clerk-js keeps', async () => {
    h = await createHarness()
    h.double.upsertUser(ALICE)
    const reply = await whoami({ cookie: cookieHeader(h.double.sessionCookies({ userId: ALICE.id })) })
    expect(reply.body.session).toMatchObject({ providerUserId: ALICE.id, email: ALICE.email })
  })

  it("refuses a token signed by another key, a token whose claims were changed, and one made for another site", async () => {
    h = await createHarness()
    h.double.upsertUser(ALICE)
    const stranger = createInstanceSigningKey()
    const good = h.double.sessionToken({ userId: ALICE.id })
    const claims = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString())
    const forged = stranger.sign(claims, { kid: h.double.signingKey.kid, cat: SESSION_TOKEN_CATEGORY })
    expect((await whoami(bearer(forged))).body.session).toBeNull()
    const [header, , signature] = good.split('.')
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'user_mallory' })).toString('base64url')}.${signature}`
    expect((await whoami(bearer(tampered))).body.session).toBeNull()

    const elsewhere = h.double.sessionToken({ userId: ALICE.id, authorizedParty: 'https://evil.example' })
    expect((await whoami(bearer(elsewhere))).body.session).toBeNull()
    // The same token, made for this app, is fine: only the authorized party differed.
    expect((await whoami(bearer(h.double.sessionToken({ userId: ALICE.id, authorizedParty: APP_ORIGIN })))).body.session).not.toBeNull()
    expect(h.double.requests.filter((r) => r.path === '/v1/users/user_mallory')).toEqual([])
  })

  it('refuses API keys, M2M and OAuth tokens, and JWT template tokens, without asking the Backend API', async () => {
    h = await createHarness()
    h.double.upsertUser(ALICE)
    const now = Math.floor(Date.now() / 1000)
    const refused = {
      apiKey: 'ak_live_0123456789abcdef0123456789abcdef',
      m2mOpaque: 'mt_0123456789abcdef0123456789abcdef',
      oauthOpaque: 'oat_0123456789abcdef0123456789abcdef',
      // Signed by the instance's own key: Clerk would verify these as machine tokens.
      m2mJwt: h.double.signingKey.sign({ sub: 'mch_robot', iat: now, nbf: now, exp: now + 60 }, { cat: 'cl_B7d4PD333AAA' }),
      oauthJwt: h.double.signingKey.sign(
        { sub: ALICE.id, client_id: 'oauth_app', iat: now, nbf: now, exp: now + 60, scope: 'profile' },
        { typ: 'at+jwt' },
      ),
      // The Convex template token of a real session: a token for Convex, not a sign-in here.
      templateToken: h.double.signingKey.sign({ sub: ALICE.id, aud: 'convex', iat: now, nbf: now, exp: now + 60, azp: APP_ORIGIN }),
      templateTokenNamingTheSession: h.double.signingKey.sign({
        sub: ALICE.id,
        sid: 'sess_alice',
        aud: 'convex',
        iat: now,
        nbf: now,
        exp: now + 60,
        azp: APP_ORIGIN,
      }),
    }
    for (const [kind, token] of Object.entries(refused)) {
      const reply = await whoami(bearer(token))
      expect(reply.status, kind).toBe(200)
      expect(reply.body.session, kind).toBeNull()
    }
    // Signed out costs no Backend API call, whatever the request carried.
    expect((await whoami({})).body.session).toBeNull()
    expect(h.double.requests).toEqual([])
  })

  it('is signed out while the session still has pending tasks', async () => {
    h = await createHarness()
    h.double.upsertUser(ALICE)
    const pending = h.double.sessionToken({ userId: ALICE.id, claims: { sts: 'pending' } })
    expect((await whoami(bearer(pending))).body.session).toBeNull()
  })

  it('reports an unverified email as such', async () => {
    h = await createHarness()
    h.double.upsertUser({ id: 'user_una', email: 'una@example.com', emailVerified: false, username: 'una' })
    const reply = await whoami(bearer(h.double.sessionToken({ userId: 'user_una' })))
    expect(reply.body.session).toMatchObject({ email: 'una@example.com', emailVerified: false, displayName: 'una' })
  })

  it('is signed out when Clerk no longer knows the user', async () => {
    h = await createHarness()
    expect((await whoami(bearer(h.double.sessionToken({ userId: 'user_deleted' })))).body.session).toBeNull()
  })
})

describe('the Backend API', () => {
  it('answers 503 with a sentence when Clerk cannot be reached, and recovers when it can', async () => {
    h = await createHarness()
    h.double.upsertUser(ALICE)
    h.double.setReachable(false)
    const token = h.double.sessionToken({ userId: ALICE.id })
    const down = await whoami(bearer(token))
    expect(down.status).toBe(503)
    expect(down.body.error).toEqual({ code: 'UNAVAILABLE', message: expect.stringMatching(/Clerk is not answering/) })
    const status = await h.provider.admin.getStatus()
    expect(status.healthy).toBe(false)
    expect(status.warnings.join('\n')).toMatch(/last Clerk Backend API call failed/)

    h.double.setReachable(true)
    expect((await whoami(bearer(token))).body.session).toMatchObject({ email: ALICE.email })
    expect((await h.provider.admin.getStatus()).healthy).toBe(true)
  })

  it('answers 503 when the signing keys cannot be fetched (no JWT key configured)', async () => {
    h = await createHarness({ networkless: false })
    h.double.upsertUser(ALICE)
    h.double.setReachable(false)
    expect((await whoami(bearer(h.double.sessionToken({ userId: ALICE.id })))).status).toBe(503)
    h.double.setReachable(true)
    expect((await whoami(bearer(h.double.sessionToken({ userId: ALICE.id })))).body.session).not.toBeNull()
    expect(h.double.requests.some((r) => r.path === '/v1/jwks' && r.authorized)).toBe(true)
  })

  it('verifies with no network call when the JWT key is set: only the user is read', async () => {
    h = await createHarness({ networkless: true })
    h.double.upsertUser(ALICE)
    await whoami(bearer(h.double.sessionToken({ userId: ALICE.id })))
    expect(h.double.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/users/${ALICE.id}`])
  })

  it('reads a user once per cache period, then again so a changed email shows', async () => {
    h = await createHarness({ userCacheTtlMs: 60_000 })
    h.double.upsertUser(ALICE)
    const token = () => bearer(h.double.sessionToken({ userId: ALICE.id }))
    await Promise.all([whoami(token()), whoami(token()), whoami(token())])
    h.double.upsertUser({ ...ALICE, email: 'alice@new.example' })
    h.advance(59_000)
    expect((await whoami(token())).body.session.email).toBe(ALICE.email)
    h.advance(2_000)
    expect((await whoami(token())).body.session.email).toBe('alice@new.example')
    expect(h.double.requests.filter((r) => r.path === `/v1/users/${ALICE.id}`)).toHaveLength(2)
  })
})
