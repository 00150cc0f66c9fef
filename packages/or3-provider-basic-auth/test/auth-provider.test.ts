import { requestEvent } from 'or3-provider-kit/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { ACCESS_TOKEN_TTL_MS } from '../src/runtime/index'
import { signAccessToken } from '../src/runtime/server/tokens'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

async function signedIn() {
  const ann = h.browser()
  const reply = await ann.register({ email: 'ann@example.org', password: STRONG_PASSWORD })
  return { ann, accountId: reply.body.user.id as string, token: ann.jar.get('or3_ba_access')! }
}

describe('getSession', () => {
  it('is null without a cookie', async () => {
    h = createHarness()
    expect(await h.browser().whoami()).toBeNull()
  })

  it('ignores garbage cookies without throwing', async () => {
    h = createHarness()
    for (const value of ['', '.', 'a.b.c', 'not-base64!.x', '%%%', 'x'.repeat(5000), '{"sub":"x"}', '\u0000.\u0000']) {
      const browser = h.browser()
      browser.jar.set('or3_ba_access', value)
      expect(await browser.whoami(), JSON.stringify(value.slice(0, 20))).toBeNull()
    }
  })

  it('ignores a token whose claims were tampered with', async () => {
    h = createHarness()
    const { token } = await signedIn()
    const [payload, signature] = token.split('.') as [string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')
    const thief = h.browser()
    thief.jar.set('or3_ba_access', `${forged}.${signature}`)
    expect(await thief.whoami()).toBeNull()
    const flipped = h.browser()
    flipped.jar.set('or3_ba_access', `${payload}.${signature.slice(0, -2)}${signature.endsWith('A') ? 'BB' : 'AA'}`)
    expect(await flipped.whoami()).toBeNull()
  })

  it('ignores a token signed with another secret', async () => {
    h = createHarness()
    const { accountId, token } = await signedIn()
    const claims = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())
    const browser = h.browser()
    browser.jar.set('or3_ba_access', signAccessToken('another secret of enough length!!', { ...claims, sub: accountId }))
    expect(await browser.whoami()).toBeNull()
  })

  it('ignores an expired token', async () => {
    h = createHarness()
    const { ann } = await signedIn()
    h.advance(ACCESS_TOKEN_TTL_MS - 1000)
    expect(await ann.whoami()).not.toBeNull()
    h.advance(2000)
    expect(await ann.whoami()).toBeNull()
  })

  it('ignores a correctly signed token for a session that does not exist', async () => {
    h = createHarness()
    const { accountId } = await signedIn()
    const browser = h.browser()
    browser.jar.set(
      'or3_ba_access',
      signAccessToken(h.auth.settings.secret, { sub: accountId, sid: crypto.randomUUID(), exp: h.now() + 60_000 }),
    )
    expect(await browser.whoami()).toBeNull()
  })
})

describe('token broker and admin adapter', () => {
  it('mints nothing for a request without a session (minting for Convex: token-broker.test.ts)', async () => {
    h = createHarness()
    await signedIn()
    const signedOut = requestEvent({ method: 'POST', url: '/api/auth/token' })
    expect(await h.auth.tokenBroker.getToken(signedOut, { providerId: 'convex' })).toBeNull()
  })

  it('reports counts and warnings without secrets', async () => {
    h = createHarness({ config: { registration: 'closed' } })
    const empty = await h.auth.admin.getStatus()
    expect(empty).toMatchObject({ id: 'basic-auth', kind: 'auth', configured: true, healthy: true })
    expect(empty.warnings.join(' ')).toMatch(/first account/)
    await signedIn()
    const status = await h.auth.admin.getStatus()
    expect(status.details).toMatchObject({ accounts: 1, liveSessions: 1, registration: 'closed' })
    expect(JSON.stringify(status)).not.toContain(h.auth.settings.secret)
  })
})
