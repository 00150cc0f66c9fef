import { afterEach, describe, expect, it, vi } from 'vitest'
import { ATTEMPT_RULES, SIGN_IN_BACKOFF } from '../src/runtime/index'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

const credentials = { email: 'ann@example.org', password: STRONG_PASSWORD }

describe('origin check', () => {
  it('refuses every mutating route from a foreign origin with 403', async () => {
    h = createHarness()
    const ann = h.browser()
    await ann.register(credentials)
    const evil = { origin: 'https://evil.example' }
    for (const path of ['register', 'sign-in', 'sign-out', 'refresh', 'change-password']) {
      const reply = await ann.post(`/api/basic-auth/${path}`, credentials, { headers: evil })
      expect(reply.status, path).toBe(403)
      expect(reply.body.error.code).toBe('FORBIDDEN')
    }
    // The refused sign-out did not sign anyone out.
    expect(await ann.whoami()).not.toBeNull()
  })

  it('refuses a request with neither Origin nor Referer', async () => {
    h = createHarness()
    const reply = await h.browser().post('/api/basic-auth/sign-in', credentials, { headers: { origin: '' } })
    expect(reply.status).toBe(403)
  })

  it('falls back to the Referer, and accepts configured allowed origins', async () => {
    h = createHarness({ config: { allowedOrigins: ['https://app.example.org'] } })
    const byReferer = await h
      .browser()
      .post('/api/basic-auth/register', credentials, { headers: { origin: '', referer: 'http://localhost:3000/settings' } })
    expect(byReferer.status).toBe(201)
    const allowed = await h
      .browser()
      .post('/api/basic-auth/sign-in', credentials, { headers: { origin: 'https://app.example.org' } })
    expect(allowed.status).toBe(200)
  })

  it('trusts X-Forwarded-Host/Proto only with trustProxy', async () => {
    const proxied = {
      origin: 'https://chat.example.org',
      'x-forwarded-host': 'chat.example.org',
      'x-forwarded-proto': 'https',
    }
    h = createHarness()
    expect((await h.browser().post('/api/basic-auth/register', credentials, { headers: proxied })).status).toBe(403)
    h.close()
    h = createHarness({ config: { trustProxy: true } })
    expect((await h.browser().post('/api/basic-auth/register', credentials, { headers: proxied })).status).toBe(201)
  })
})

describe('attempt limits', () => {
  /** No pause between failures: the attempt limits on their own. */
  const noBackoff = { freeFailures: Number.MAX_SAFE_INTEGER }

  it('answers brute-force sign-in from one address with 429 and Retry-After, even for the right password', async () => {
    h = createHarness({ signInBackoff: noBackoff })
    await h.browser().register(credentials)
    const attacker = h.browser()
    const { limit, windowMs } = ATTEMPT_RULES.signInPerAccountAndIp
    for (let i = 0; i < limit; i++) {
      const reply = await attacker.signIn({ ...credentials, password: `guess number ${i}` }, { ip: '203.0.113.9' })
      expect(reply.status).toBe(401)
    }
    const blocked = await attacker.signIn(credentials, { ip: '203.0.113.9' })
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('RATE_LIMITED')
    const retryAfter = Number(blocked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(windowMs / 1000)

    h.advance(windowMs)
    expect((await attacker.signIn(credentials, { ip: '203.0.113.9' })).status).toBe(200)
  })

  it("can't lock an account out: its owner signs in from another address while the first is limited", async () => {
    h = createHarness()
    await h.browser().register(credentials)
    const attacker = h.browser()
    const statuses: number[] = []
    for (let i = 0; i <= ATTEMPT_RULES.signInPerAccountAndIp.limit; i++) {
      statuses.push((await attacker.signIn({ ...credentials, password: `guess number ${i}` }, { ip: '203.0.113.66' })).status)
      // Waits out the pause each time, as a patient attacker would.
      h.advance(SIGN_IN_BACKOFF.maxDelayMs)
    }
    expect(statuses.at(-1), 'the attacking address is limited').toBe(429)
    expect((await attacker.signIn(credentials, { ip: '203.0.113.66' })).status, 'even with the right password').toBe(429)
    expect((await h.browser().signIn(credentials, { ip: '198.51.100.20' })).status, 'the owner, elsewhere').toBe(200)
  })

  it('pauses longer after each further failure of an account from one address, up to a cap; a success ends it', async () => {
    h = createHarness({ signInBackoff: { maxDelayMs: 4000 } })
    await h.browser().register(credentials)
    const browser = h.browser()
    const wrong = { ...credentials, password: 'not the password' }
    const fromA = { ip: '203.0.113.5' }
    const free: number[] = []
    for (let i = 0; i < SIGN_IN_BACKOFF.freeFailures; i++) free.push((await browser.signIn(wrong, fromA)).status)
    expect(free, 'the first failures cost nothing extra').toEqual(free.map(() => 401))

    const pauses: number[] = []
    for (let i = 0; i < 4; i++) {
      expect((await browser.signIn(wrong, fromA)).status, 'a failed attempt after the pause').toBe(401)
      const paused = await browser.signIn(credentials, fromA)
      expect(paused.status, 'refused during the pause, even with the right password').toBe(429)
      const seconds = Number(paused.headers.get('retry-after'))
      pauses.push(seconds)
      h.advance(seconds * 1000)
    }
    expect(pauses, 'doubling, capped at maxDelayMs').toEqual([1, 2, 4, 4])
    expect((await browser.signIn(wrong, { ip: '198.51.100.8' })).status, 'another address has its own streak').toBe(401)

    expect((await browser.signIn(credentials, fromA)).status, 'the right password after the pause').toBe(200)
    expect((await browser.signIn(wrong, fromA)).status).toBe(401)
    expect((await browser.signIn(wrong, fromA)).status, 'the streak started again').toBe(401)
  })

  it('limits sign-in per IP across many accounts', async () => {
    h = createHarness({ attemptRules: { signInPerIp: { ...ATTEMPT_RULES.signInPerIp, limit: 3 } } })
    const attacker = h.browser()
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      statuses.push((await attacker.signIn({ email: `user${i}@example.org`, password: 'some guess!' }, { ip: '192.0.2.1' })).status)
    }
    expect(statuses).toEqual([401, 401, 401, 429])
    // Another address is not affected.
    expect((await attacker.signIn({ email: 'x@example.org', password: 'some guess!' }, { ip: '192.0.2.2' })).status).toBe(401)
  })

  it('limits registrations per IP', async () => {
    h = createHarness({ attemptRules: { registerPerIp: { ...ATTEMPT_RULES.registerPerIp, limit: 3 } } })
    // Refused attempts count too: duplicates are cheap to refuse.
    await h.browser().register(credentials, { ip: '192.0.2.9' })
    await h.browser().register(credentials, { ip: '192.0.2.9' })
    expect((await h.browser().register(credentials, { ip: '192.0.2.9' })).status).toBe(409)
    const blocked = await h.browser().register({ ...credentials, email: 'new@example.org' }, { ip: '192.0.2.9' })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  describe('client IP behind a proxy', () => {
    const rules = { signInPerIp: { ...ATTEMPT_RULES.signInPerIp, limit: 2 } }
    async function statusesWith(forwardedFor: (i: number) => string): Promise<number[]> {
      const attacker = h.browser()
      const statuses: number[] = []
      for (let i = 0; i < 3; i++) {
        const headers = { 'x-forwarded-for': forwardedFor(i) }
        statuses.push((await attacker.post('/api/basic-auth/sign-in', { email: `u${i}@example.org`, password: 'guess!!' }, { headers })).status)
      }
      return statuses
    }

    it('with trustProxy, keys on the entry the proxy appended, not the ones the client sent', async () => {
      h = createHarness({ config: { trustProxy: true }, attemptRules: rules })
      expect(await statusesWith((i) => `10.0.0.${i}, 192.0.2.50`)).toEqual([401, 401, 429])
      expect(await statusesWith((i) => `192.0.2.${60 + i}`)).toEqual([401, 401, 401])
    })

    it('without trustProxy, ignores X-Forwarded-For entirely', async () => {
      h = createHarness({ attemptRules: rules })
      expect(await statusesWith((i) => `192.0.2.${60 + i}`)).toEqual([401, 401, 429])
    })
  })

  it('skips per-IP limits (never one shared bucket) when the client address is unknown, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      h = createHarness({
        attemptRules: {
          signInPerIp: { ...ATTEMPT_RULES.signInPerIp, limit: 1 },
          signInPerAccountAndIp: { ...ATTEMPT_RULES.signInPerAccountAndIp, limit: 2 },
        },
      })
      const anonymous = h.browser()
      const statuses: number[] = []
      for (let i = 0; i < 3; i++) {
        statuses.push((await anonymous.signIn({ email: `u${i}@example.org`, password: 'guess!!' }, { ip: '' })).status)
      }
      expect(statuses).toEqual([401, 401, 401])
      // Per-account limits still hold.
      await anonymous.signIn({ email: 'u0@example.org', password: 'guess!!' }, { ip: '' })
      expect((await anonymous.signIn({ email: 'u0@example.org', password: 'guess!!' }, { ip: '' })).status).toBe(429)
      expect(warn).toHaveBeenCalledTimes(1)
      expect((await h.auth.admin.getStatus()).warnings.join(' ')).toMatch(/per-IP sign-in limits are off/)
    } finally {
      warn.mockRestore()
    }
  })

  it('uses the rate-limit store registered under limits.storageProvider', async () => {
    const { getServerRegistries } = await import('or3-provider-kit/server')
    const keys: string[] = []
    getServerRegistries().limits.register('counting', () => ({
      id: 'counting',
      async consume(key) {
        keys.push(key)
        return { allowed: false, remaining: 0, resetAt: Date.now() + 30_000 }
      },
    }))
    try {
      h = createHarness({ config: { limitsProvider: 'counting' } })
      const reply = await h.browser().signIn(credentials)
      expect(reply.status).toBe(429)
      expect(keys).toHaveLength(1)
      expect(keys[0]).toMatch(/^basic-auth:signInPerIp:[0-9a-f]{32}$/)
    } finally {
      getServerRegistries().limits.reset()
    }
  })
})
