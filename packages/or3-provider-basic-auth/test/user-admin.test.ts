import { afterEach, describe, expect, it } from 'vitest'
import type { AuthUserAdmin } from 'or3-provider-kit'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

const NEW_PASSWORD = 'a brand new long passphrase'

function usersOf(harness: Harness): AuthUserAdmin {
  const users = harness.auth.authProvider.users
  if (!users) throw new Error('basic-auth offers account management')
  return users
}

async function idOf(harness: Harness, email: string): Promise<string> {
  const [found] = await usersOf(harness).listUsers({ query: email, limit: 5 })
  return found!.providerUserId
}

/** The deployment admin's account management (the kit's optional AuthUserAdmin) over basic-auth's accounts. */
describe('basic-auth account management', () => {
  it('lists accounts newest first and finds them by email or name, wildcards taken literally', async () => {
    h = createHarness()
    await h.browser().register({ email: 'ann@example.org', password: STRONG_PASSWORD, displayName: 'Ann' })
    await h.browser().register({ email: 'bob_100@example.org', password: STRONG_PASSWORD, displayName: 'Robert' })
    const users = usersOf(h)
    const all = await users.listUsers({ limit: 10 })
    expect(all.map((user) => user.email).sort()).toEqual(['ann@example.org', 'bob_100@example.org'])
    expect(all.every((user) => !user.disabled && !('passwordHash' in user))).toBe(true)
    expect((await users.listUsers({ query: 'ROBERT', limit: 10 })).map((user) => user.email)).toEqual(['bob_100@example.org'])
    expect((await users.listUsers({ query: 'b_1', limit: 10 })).map((user) => user.email)).toEqual(['bob_100@example.org'])
    // `_` is a letter here, not "any character".
    expect(await users.listUsers({ query: 'n_e', limit: 10 })).toEqual([])
    expect(await users.listUsers({ limit: 1 })).toHaveLength(1)
  })

  it('disables an account: its sessions stop at once and it cannot sign in until enabled again', async () => {
    h = createHarness()
    const bob = h.browser()
    await bob.register({ email: 'bob@example.org', password: STRONG_PASSWORD })
    expect(await bob.whoami()).not.toBeNull()
    const id = await idOf(h, 'bob@example.org')

    await usersOf(h).setDisabled(id, true)
    expect(await bob.whoami()).toBeNull()
    expect((await bob.refresh()).status).toBe(401)
    const refused = await h.browser().signIn({ email: 'bob@example.org', password: STRONG_PASSWORD })
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toMatch(/disabled/)
    // A wrong password still gets the generic answer: being disabled is not revealed to a stranger.
    expect((await h.browser().signIn({ email: 'bob@example.org', password: 'not the password' })).status).toBe(401)
    expect((await usersOf(h).listUsers({ query: 'bob', limit: 1 }))[0]!.disabled).toBe(true)

    await usersOf(h).setDisabled(id, false)
    expect((await h.browser().signIn({ email: 'bob@example.org', password: STRONG_PASSWORD })).status).toBe(200)
  })

  it('deletes an account with its sessions; the email may register again', async () => {
    h = createHarness()
    const bob = h.browser()
    await bob.register({ email: 'bob@example.org', password: STRONG_PASSWORD })
    const id = await idOf(h, 'bob@example.org')
    await usersOf(h).deleteUser(id)
    expect(await bob.whoami()).toBeNull()
    expect(await usersOf(h).listUsers({ query: 'bob', limit: 5 })).toEqual([])
    await expect(usersOf(h).deleteUser(id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(usersOf(h).setDisabled(id, true)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await h.browser().register({ email: 'bob@example.org', password: STRONG_PASSWORD })).status).toBe(201)
  })

  it('creates a single-use reset link that sets a new password and ends every session', async () => {
    h = createHarness()
    const bob = h.browser()
    await bob.register({ email: 'bob@example.org', password: STRONG_PASSWORD })
    const link = await usersOf(h).createPasswordResetLink!(await idOf(h, 'bob@example.org'))
    expect(link.path).toMatch(/^\/reset-password#token=[\w-]{43}$/)
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now())
    const token = link.path.split('#token=')[1]

    const visitor = h.browser()
    expect((await visitor.resetPassword({ token, newPassword: NEW_PASSWORD })).status).toBe(200)
    expect(await bob.whoami()).toBeNull()
    expect((await h.browser().signIn({ email: 'bob@example.org', password: STRONG_PASSWORD })).status).toBe(401)
    expect((await h.browser().signIn({ email: 'bob@example.org', password: NEW_PASSWORD })).status).toBe(200)

    const again = await visitor.resetPassword({ token, newPassword: 'yet another long passphrase' })
    expect(again.status).toBe(403)
    expect(again.body.error.message).toMatch(/not valid any more/)
  })

  it('refuses a reset link that a newer one replaced, that expired, or for a disabled account', async () => {
    let clock = Date.now()
    h = createHarness({ now: () => clock })
    await h.browser().register({ email: 'bob@example.org', password: STRONG_PASSWORD })
    const id = await idOf(h, 'bob@example.org')
    const users = usersOf(h)
    const tokenOf = async () => (await users.createPasswordResetLink!(id)).path.split('#token=')[1]

    const replaced = await tokenOf()
    const latest = await tokenOf()
    expect((await h.browser().resetPassword({ token: replaced, newPassword: NEW_PASSWORD })).status).toBe(403)

    clock += 25 * 60 * 60 * 1000
    expect((await h.browser().resetPassword({ token: latest, newPassword: NEW_PASSWORD })).status).toBe(403)

    const fresh = await tokenOf()
    await users.setDisabled(id, true)
    expect((await h.browser().resetPassword({ token: fresh, newPassword: NEW_PASSWORD })).status).toBe(403)
    await expect(users.createPasswordResetLink!(id)).rejects.toMatchObject({ code: 'CONFLICT' })
    // The policy still applies to a reset password.
    expect((await h.browser().resetPassword({ token: fresh, newPassword: 'short' })).status).toBe(400)
  })
})
