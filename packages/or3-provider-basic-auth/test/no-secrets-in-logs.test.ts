import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { REFRESH_REUSE_GRACE_MS } from '../src/runtime/index'
import { createHarness, type Harness } from './support/harness'

const PASSWORD = 'hunter2 but much longer'
const NEW_PASSWORD = 'an even longer secret phrase'
const BOOTSTRAP_PASSWORD = 'bootstrap admin passphrase'
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const

let h: Harness
let output: string[]
beforeEach(() => {
  output = []
  for (const method of METHODS) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
    })
  }
})
afterEach(() => {
  vi.restoreAllMocks()
  h?.close()
})

describe('logs', () => {
  it('never contain a password, a token or the signing secret', async () => {
    h = createHarness({
      env: { OR3_BOOTSTRAP_ADMIN_EMAIL: 'boss@example.org', OR3_BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP_PASSWORD },
    })
    const seen = new Set<string>([PASSWORD, NEW_PASSWORD, BOOTSTRAP_PASSWORD, h.auth.settings.secret])
    const remember = (jar: { get(name: string): string | undefined }) => {
      for (const name of ['or3_ba_access', 'or3_ba_refresh']) {
        const value = jar.get(name)
        if (value) seen.add(value)
      }
    }

    const ann = h.browser()
    await ann.register({ email: 'ann@example.org', password: PASSWORD })
    remember(ann.jar)
    await ann.register({ email: 'ann@example.org', password: PASSWORD })
    await h.browser().signIn({ email: 'ann@example.org', password: 'wrong wrong wrong' })
    const phone = h.browser()
    await phone.signIn({ email: 'ann@example.org', password: PASSWORD })
    remember(phone.jar)
    const thief = h.browser(phone.jar.clone())
    await phone.refresh()
    remember(phone.jar)
    h.advance(REFRESH_REUSE_GRACE_MS + 1)
    // A replay: the one flow that is meant to log (a warning naming the account).
    await thief.refresh()
    await ann.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
    await ann.signOut()
    // A request that fails inside the server: the 500 path logs the error.
    const broken = h.browser()
    const failing = vi.spyOn(h.auth.service, 'signIn').mockRejectedValueOnce(new Error('database is locked'))
    const reply = await broken.signIn({ email: 'ann@example.org', password: NEW_PASSWORD })
    failing.mockRestore()
    expect(reply.status).toBe(500)
    expect(JSON.stringify(reply.body)).not.toContain('database is locked')

    const text = output.join('\n')
    expect(text).toMatch(/refresh token was presented again/)
    expect(text).toMatch(/bootstrap admin/)
    expect(text).toMatch(/database is locked/)
    for (const secret of seen) expect(text).not.toContain(secret)
  })
})
