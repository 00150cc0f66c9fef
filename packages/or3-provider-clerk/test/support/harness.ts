import { createApp, createRouter, defineEventHandler, readBody, setResponseStatus, toWebHandler, type H3Event } from 'h3'
import { isProviderError, toErrorEnvelope } from 'or3-provider-kit'
import { createClerkProvider, installClerkProvider, type ClerkProvider } from '../../src/runtime/index'
import clerkRequestMiddleware from '../../src/runtime/server/middleware/clerk-request'
import { startClerkBackendDouble, type ClerkBackendDouble } from '../../src/testing'
import { testConfig } from './test-config'

/** Where the app under test is served; the origin the double's tokens are made for by default. */
export const APP_ORIGIN = 'http://localhost:3000'

export interface Reply {
  status: number
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test replies are asserted field by field
  body: any
  headers: Headers
}

export interface HarnessOptions {
  /** Verify with NUXT_CLERK_JWT_KEY (no network); false makes the SDK fetch the JWKS. */
  networkless?: boolean
  allowedOrigins?: string[]
  env?: Record<string, string>
  userCacheTtlMs?: number
}

export interface Harness {
  double: ClerkBackendDouble
  provider: ClerkProvider
  /** Moves the provider's clock (the user cache) forward. */
  advance(ms: number): void
  send(path: string, init?: { method?: string; headers?: Record<string, string>; body?: unknown }): Promise<Reply>
  close(): Promise<void>
}

/**
 * The real middleware and the real provider (real @clerk/backend) mounted in an h3 app against the
 * Backend API double. `/api/whoami` asks the AuthProvider and `/api/token` the token broker, the
 * way core does, mapping a ProviderError to its status as core's error edge does.
 */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const double = await startClerkBackendDouble()
  let clock = Date.now()
  const provider = createClerkProvider(
    {
      config: testConfig({ allowedOrigins: options.allowedOrigins ?? [APP_ORIGIN] }),
      env: { NODE_ENV: 'test', ...double.env({ networkless: options.networkless ?? true }), ...options.env },
    },
    { now: () => clock, userCacheTtlMs: options.userCacheTtlMs },
  )
  installClerkProvider(provider)

  const answer = (handler: (event: H3Event) => Promise<unknown>) =>
    defineEventHandler(async (event) => {
      try {
        return await handler(event)
      } catch (error) {
        if (!isProviderError(error)) throw error
        setResponseStatus(event, error.status)
        return toErrorEnvelope(error)
      }
    })
  const router = createRouter()
    .get('/', defineEventHandler(() => '<!doctype html><title>OR3</title>'))
    .get('/api/whoami', answer(async (event) => ({ session: await provider.authProvider.getSession(event) })))
    .post(
      '/api/token',
      answer(async (event) => ({ token: await provider.tokenBroker.getToken(event, await readBody(event)) })),
    )
  const handle = toWebHandler(createApp().use(clerkRequestMiddleware).use(router))

  return {
    double,
    provider,
    advance: (ms) => void (clock += ms),
    async send(path, init = {}) {
      const headers: Record<string, string> = { host: new URL(APP_ORIGIN).host, ...init.headers }
      if (init.body !== undefined) headers['content-type'] = 'application/json'
      const response = await handle(
        new Request(`${APP_ORIGIN}${path}`, {
          method: init.method ?? 'GET',
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          redirect: 'manual',
        }),
      )
      const text = await response.text()
      let body: unknown = text
      try {
        body = text ? JSON.parse(text) : null
      } catch {
        // not JSON: the page route
      }
      return { status: response.status, body, headers: response.headers }
    },
    async close() {
      installClerkProvider(null)
      await double.close()
    },
  }
}

/** A Cookie header from name → value pairs. */
export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ')
}
