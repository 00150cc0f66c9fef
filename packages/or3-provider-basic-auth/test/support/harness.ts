import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, createRouter, defineEventHandler, toWebHandler } from 'h3'
import type { ProviderFactoryContext } from 'or3-provider-kit/server'
import { createBasicAuth, installBasicAuth, type BasicAuth, type BasicAuthOptions } from '../../src/runtime/index'
import registerRoute from '../../src/runtime/server/routes/register.post'
import signInRoute from '../../src/runtime/server/routes/sign-in.post'
import signOutRoute from '../../src/runtime/server/routes/sign-out.post'
import refreshRoute from '../../src/runtime/server/routes/refresh.post'
import changePasswordRoute from '../../src/runtime/server/routes/change-password.post'
import resetPasswordRoute from '../../src/runtime/server/routes/reset-password.post'
import { CookieJar } from './cookie-jar'
import { testConfig } from './test-config'

export const ORIGIN = 'http://localhost:3000'
export const STRONG_PASSWORD = 'correct horse battery staple'

export interface Reply {
  status: number
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are asserted field by field
  body: any
  headers: Headers
}

export interface HarnessOptions {
  config?: Parameters<typeof testConfig>[0]
  env?: Record<string, string | undefined>
  attemptRules?: BasicAuthOptions['attemptRules']
  signInBackoff?: BasicAuthOptions['signInBackoff']
  /** A clock to follow instead of the harness's own (conformance suites move theirs). */
  now?: () => number
  /** The data folder (e.g. on a scratch disk); a fresh temp folder otherwise. */
  dataDir?: string
}

/**
 * The real route handlers mounted in an h3 app, plus one "who am I" route that asks the
 * AuthProvider the way core does, a test clock, and browsers with cookie jars.
 */
export function createHarness(options: HarnessOptions = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'or3-basic-auth-'))
  let clock = Date.now()
  const ctx: ProviderFactoryContext = {
    config: testConfig(options.config),
    env: { OR3_DATA_DIR: dataDir, NODE_ENV: 'test', ...options.env },
  }
  const auth: BasicAuth = createBasicAuth(ctx, {
    now: options.now ?? (() => clock),
    attemptRules: options.attemptRules,
    signInBackoff: options.signInBackoff,
  })
  installBasicAuth(auth)

  const router = createRouter()
    .post('/api/basic-auth/register', registerRoute)
    .post('/api/basic-auth/sign-in', signInRoute)
    .post('/api/basic-auth/sign-out', signOutRoute)
    .post('/api/basic-auth/refresh', refreshRoute)
    .post('/api/basic-auth/change-password', changePasswordRoute)
    .post('/api/basic-auth/reset-password', resetPasswordRoute)
    .get('/api/whoami', defineEventHandler(async (event) => ({ session: await auth.authProvider.getSession(event) })))
  const handle = toWebHandler(createApp().use(router))

  async function send(
    jar: CookieJar,
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; ip?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { host: 'localhost:3000', origin: ORIGIN, ...init.headers }
    const cookie = jar.headerFor(path)
    if (cookie) headers.cookie = cookie
    if (init.body !== undefined) headers['content-type'] ??= 'application/json'
    const body = init.body === undefined || typeof init.body === 'string' || init.body instanceof ReadableStream ? init.body : JSON.stringify(init.body)
    // `duplex` is required for stream bodies by the fetch spec but missing from the DOM typings.
    const request = new Request(`${ORIGIN}${path}`, { method, headers, body, duplex: 'half' } as RequestInit)
    const response = await handle(request, { clientAddress: init.ip ?? '198.51.100.7' })
    jar.store(response)
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers }
  }

  /** One browser: its own cookie jar. */
  function browser(jar = new CookieJar()) {
    return {
      jar,
      post: (path: string, body?: unknown, init: { headers?: Record<string, string>; ip?: string } = {}) =>
        send(jar, 'POST', path, { ...init, body }),
      register: (body: unknown, init: { ip?: string } = {}) => send(jar, 'POST', '/api/basic-auth/register', { body, ...init }),
      signIn: (body: unknown, init: { ip?: string } = {}) => send(jar, 'POST', '/api/basic-auth/sign-in', { body, ...init }),
      signOut: () => send(jar, 'POST', '/api/basic-auth/sign-out'),
      refresh: () => send(jar, 'POST', '/api/basic-auth/refresh'),
      changePassword: (body: unknown) => send(jar, 'POST', '/api/basic-auth/change-password', { body }),
      resetPassword: (body: unknown) => send(jar, 'POST', '/api/basic-auth/reset-password', { body }),
      whoami: async () => (await send(jar, 'GET', '/api/whoami')).body.session as Record<string, string> | null,
    }
  }

  return {
    auth,
    ctx,
    dataDir,
    browser,
    advance(ms: number) {
      clock += ms
    },
    now: () => clock,
    close() {
      installBasicAuth(null)
      auth.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export type Harness = ReturnType<typeof createHarness>
