import { afterEach, describe, expect, it } from 'vitest'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

describe('register', () => {
  it('creates the account, signs it in, and the AuthProvider sees it', async () => {
    h = createHarness()
    const ann = h.browser()
    const reply = await ann.register({ email: '  Ann@Example.ORG ', password: STRONG_PASSWORD, displayName: ' Ann ' })
    expect(reply.status).toBe(201)
    expect(reply.body.user).toMatchObject({ email: 'ann@example.org', displayName: 'Ann' })
    expect(Date.parse(reply.body.expiresAt)).toBeGreaterThan(h.now())
    expect(JSON.stringify(reply.body)).not.toContain(ann.jar.get('or3_ba_access'))

    const session = await ann.whoami()
    expect(session).toEqual({
      provider: 'basic-auth',
      providerUserId: reply.body.user.id,
      email: 'ann@example.org',
      displayName: 'Ann',
      emailVerified: false,
      expiresAt: reply.body.expiresAt,
    })
  })

  it('sets HttpOnly SameSite=Lax cookies, the refresh token scoped to the basic-auth routes', async () => {
    h = createHarness()
    const reply = await h.browser().register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const cookies = reply.headers.getSetCookie()
    const access = cookies.find((c) => c.startsWith('or3_ba_access='))
    const refresh = cookies.find((c) => c.startsWith('or3_ba_refresh='))
    expect(access).toMatch(/HttpOnly/)
    expect(access).toMatch(/SameSite=Lax/)
    expect(access).toMatch(/Path=\//)
    expect(access).not.toMatch(/Secure/)
    expect(refresh).toMatch(/HttpOnly/)
    expect(refresh).toMatch(/Path=\/api\/basic-auth/)
  })

  it('marks cookies Secure in production', async () => {
    h = createHarness({ env: { NODE_ENV: 'production', OR3_BASIC_AUTH_SECRET: 'p'.repeat(48) } })
    const reply = await h.browser().register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    for (const cookie of reply.headers.getSetCookie()) expect(cookie).toMatch(/Secure/)
  })

  it('refuses a weak password with a message that says what to do', async () => {
    h = createHarness()
    const reply = await h.browser().register({ email: 'ann@example.org', password: 'short' })
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION')
    expect(reply.body.error.message).toBe('Use at least 10 characters for your password')
    expect(reply.body.error.fields.password).toEqual(['Use at least 10 characters for your password'])
  })

  it('honours OR3_BASIC_AUTH_MIN_PASSWORD and the 1024 maximum', async () => {
    h = createHarness({ env: { OR3_BASIC_AUTH_MIN_PASSWORD: '16' } })
    const browser = h.browser()
    const short = await browser.register({ email: 'ann@example.org', password: '15-characters!!' })
    expect(short.body.error.fields.password).toEqual(['Use at least 16 characters for your password'])
    const long = await browser.register({ email: 'ann@example.org', password: 'x'.repeat(1025) })
    expect(long.body.error.fields.password).toEqual(['Use at most 1024 characters for your password'])
  })

  it('refuses an invalid email and unknown fields, by field', async () => {
    h = createHarness()
    const reply = await h.browser().register({ email: 'not-an-email', password: STRONG_PASSWORD, admin: true })
    expect(reply.status).toBe(400)
    expect(reply.body.error.fields.email).toEqual(['Enter a valid email address'])
    expect(Object.keys(reply.body.error.fields)).toContain('(root)')
  })

  it('answers 400 for a body that is not JSON', async () => {
    h = createHarness()
    const reply = await h.browser().post('/api/basic-auth/register', '{not json')
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION')
  })

  it('refuses a duplicate email, whatever its case', async () => {
    h = createHarness()
    expect((await h.browser().register({ email: 'ann@example.org', password: STRONG_PASSWORD })).status).toBe(201)
    const again = await h.browser().register({ email: 'ANN@example.org', password: STRONG_PASSWORD })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('CONFLICT')
    expect(again.body.error.fields.email).toBeDefined()
  })
})

describe('closed registration', () => {
  it('lets the first account register and refuses the second', async () => {
    h = createHarness({ config: { registration: 'closed' } })
    expect((await h.browser().register({ email: 'first@example.org', password: STRONG_PASSWORD })).status).toBe(201)
    const second = await h.browser().register({ email: 'second@example.org', password: STRONG_PASSWORD })
    expect(second.status).toBe(403)
    expect(second.body.error.message).toMatch(/Registration is closed/)
  })

  it('lets only one of two racing first registrations through', async () => {
    h = createHarness({ config: { registration: 'closed' } })
    const replies = await Promise.all([
      h.browser().register({ email: 'a@example.org', password: STRONG_PASSWORD }),
      h.browser().register({ email: 'b@example.org', password: STRONG_PASSWORD }),
    ])
    expect(replies.map((r) => r.status).sort()).toEqual([201, 403])
    expect(h.auth.service.stats().accounts).toBe(1)
  })

  it('still lets the bootstrap admin email register', async () => {
    h = createHarness({ config: { registration: 'closed', bootstrapAdminEmail: 'boss@example.org' } })
    expect((await h.browser().register({ email: 'first@example.org', password: STRONG_PASSWORD })).status).toBe(201)
    expect((await h.browser().register({ email: 'Boss@example.org', password: STRONG_PASSWORD })).status).toBe(201)
  })
})

describe('sign-in and sign-out', () => {
  it('signs in with the right password, normalizing the email', async () => {
    h = createHarness()
    await h.browser().register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const laptop = h.browser()
    const reply = await laptop.signIn({ email: ' ANN@example.org', password: STRONG_PASSWORD })
    expect(reply.status).toBe(200)
    expect((await laptop.whoami())?.email).toBe('ann@example.org')
  })

  it('answers a wrong password and an unknown email with the same generic 401', async () => {
    h = createHarness()
    await h.browser().register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const wrong = await h.browser().signIn({ email: 'ann@example.org', password: 'wrong password!!' })
    const unknown = await h.browser().signIn({ email: 'nobody@example.org', password: 'wrong password!!' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Email or password is incorrect' } })
    expect(unknown.body).toEqual(wrong.body)
    expect(wrong.headers.getSetCookie()).toEqual([])
  })

  it('accepts the same password typed in another Unicode form', async () => {
    h = createHarness()
    const composed = 'pass phrase caf\u00E9 2024'
    const decomposed = 'pass phrase cafe\u0301 2024'
    await h.browser().register({ email: 'ann@example.org', password: composed })
    expect((await h.browser().signIn({ email: 'ann@example.org', password: decomposed })).status).toBe(200)
  })

  it('sign-out ends the session at once, even for a copy of the access token', async () => {
    h = createHarness()
    const ann = h.browser()
    await ann.register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const stolen = h.browser(ann.jar.clone())
    expect(await stolen.whoami()).not.toBeNull()

    const out = await ann.signOut()
    expect(out.status).toBe(200)
    expect(ann.jar.get('or3_ba_access')).toBeUndefined()
    expect(ann.jar.get('or3_ba_refresh')).toBeUndefined()
    expect(await stolen.whoami()).toBeNull()
    expect((await stolen.refresh()).status).toBe(401)
  })

  it('signing in again in the same browser ends the session it replaces', async () => {
    h = createHarness()
    const ann = h.browser()
    await ann.register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const before = h.browser(ann.jar.clone())
    expect((await ann.signIn({ email: 'ann@example.org', password: STRONG_PASSWORD })).status).toBe(200)
    expect(await ann.whoami()).not.toBeNull()
    expect(await before.whoami()).toBeNull()
    expect(h.auth.service.stats().liveSessions).toBe(1)
  })

  it('sign-out without a session is a harmless 200', async () => {
    h = createHarness()
    expect((await h.browser().signOut()).status).toBe(200)
  })
})
