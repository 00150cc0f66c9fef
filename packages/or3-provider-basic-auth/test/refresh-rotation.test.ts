import { afterEach, describe, expect, it } from 'vitest'
import { REFRESH_REUSE_GRACE_MS } from '../src/runtime/index'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

async function signedInBrowser(email = 'ann@example.org') {
  const browser = h.browser()
  const reply = await browser.register({ email, password: STRONG_PASSWORD })
  expect(reply.status).toBe(201)
  return browser
}

describe('refresh', () => {
  it('rotates the refresh token and issues a new access token', async () => {
    h = createHarness()
    const ann = await signedInBrowser()
    const firstRefresh = ann.jar.get('or3_ba_refresh')
    const firstAccess = ann.jar.get('or3_ba_access')
    h.advance(60_000)

    const reply = await ann.refresh()
    expect(reply.status).toBe(200)
    expect(reply.body.user.email).toBe('ann@example.org')
    expect(ann.jar.get('or3_ba_refresh')).not.toBe(firstRefresh)
    expect(ann.jar.get('or3_ba_access')).not.toBe(firstAccess)
    expect(await ann.whoami()).not.toBeNull()
  })

  it('keeps a session alive past the access token lifetime only through refresh', async () => {
    h = createHarness()
    const ann = await signedInBrowser()
    h.advance(16 * 60 * 1000)
    expect(await ann.whoami()).toBeNull()
    expect((await ann.refresh()).status).toBe(200)
    expect(await ann.whoami()).not.toBeNull()
  })

  it('answers 401 and clears cookies without a refresh token', async () => {
    h = createHarness()
    const reply = await h.browser().refresh()
    expect(reply.status).toBe(401)
    expect(reply.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('answers concurrent tabs within the grace window with the same session', async () => {
    h = createHarness()
    const tabA = await signedInBrowser()
    const tabB = h.browser(tabA.jar.clone())
    h.advance(60_000)

    expect((await tabA.refresh()).status).toBe(200)
    h.advance(REFRESH_REUSE_GRACE_MS / 2)
    const late = await tabB.refresh()
    expect(late.status).toBe(200)
    // No new refresh token for the late tab: the browser keeps the one the first answer set.
    expect(late.headers.getSetCookie().some((c) => c.startsWith('or3_ba_refresh='))).toBe(false)

    const a = await tabA.whoami()
    const b = await tabB.whoami()
    expect(b?.providerUserId).toBe(a?.providerUserId)
    // The rotated chain still works for the first tab.
    expect((await tabA.refresh()).status).toBe(200)
  })

  it('treats a replay after the grace window as theft and revokes every session of the account', async () => {
    h = createHarness()
    const phone = await signedInBrowser()
    const thief = h.browser(phone.jar.clone())
    const laptop = h.browser()
    expect((await laptop.signIn({ email: 'ann@example.org', password: STRONG_PASSWORD })).status).toBe(200)
    const bob = await signedInBrowser('bob@example.org')

    expect((await phone.refresh()).status).toBe(200)
    h.advance(REFRESH_REUSE_GRACE_MS + 1000)
    const replay = await thief.refresh()
    expect(replay.status).toBe(401)

    expect(await phone.whoami()).toBeNull()
    expect(await laptop.whoami()).toBeNull()
    expect((await phone.refresh()).status).toBe(401)
    expect((await laptop.refresh()).status).toBe(401)
    // Another account is untouched.
    expect(await bob.whoami()).not.toBeNull()
  })

  it('refuses a refresh token after its session expired', async () => {
    h = createHarness()
    const ann = await signedInBrowser()
    h.advance(31 * 24 * 60 * 60 * 1000)
    expect((await ann.refresh()).status).toBe(401)
  })
})
