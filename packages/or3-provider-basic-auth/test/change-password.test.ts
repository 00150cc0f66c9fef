import { afterEach, describe, expect, it } from 'vitest'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

const NEW_PASSWORD = 'a different long passphrase'

describe('change-password', () => {
  it('keeps the current session, revokes the others, and swaps the password', async () => {
    h = createHarness()
    const laptop = h.browser()
    await laptop.register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const phone = h.browser()
    await phone.signIn({ email: 'ann@example.org', password: STRONG_PASSWORD })

    const reply = await laptop.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })
    expect(reply.status).toBe(200)

    expect(await laptop.whoami()).not.toBeNull()
    expect((await laptop.refresh()).status).toBe(200)
    expect(await phone.whoami()).toBeNull()
    expect((await phone.refresh()).status).toBe(401)

    expect((await h.browser().signIn({ email: 'ann@example.org', password: STRONG_PASSWORD })).status).toBe(401)
    expect((await h.browser().signIn({ email: 'ann@example.org', password: NEW_PASSWORD })).status).toBe(200)
  })

  it('requires the right current password', async () => {
    h = createHarness()
    const ann = h.browser()
    await ann.register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const reply = await ann.changePassword({ currentPassword: 'not my password', newPassword: NEW_PASSWORD })
    expect(reply.status).toBe(400)
    expect(reply.body.error.fields.currentPassword).toEqual(['Current password is incorrect'])
    expect((await h.browser().signIn({ email: 'ann@example.org', password: STRONG_PASSWORD })).status).toBe(200)
  })

  it('applies the password policy to the new password', async () => {
    h = createHarness()
    const ann = h.browser()
    await ann.register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const weak = await ann.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: 'short' })
    expect(weak.status).toBe(400)
    expect(weak.body.error.fields.newPassword).toEqual(['Use at least 10 characters for your password'])
    const same = await ann.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD })
    expect(same.body.error.fields.newPassword).toEqual(['Choose a password different from the current one'])
  })

  it('needs a signed-in session', async () => {
    h = createHarness()
    const reply = await h.browser().changePassword({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })
    expect(reply.status).toBe(401)
  })
})
