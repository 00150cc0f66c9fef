import { afterEach, describe, expect, it } from 'vitest'
import { createApp, defineEventHandler, toWebHandler } from 'h3'
import { createClerkProvider, installClerkProvider } from '../src/runtime/index'
import clerkRequestMiddleware from '../src/runtime/server/middleware/clerk-request'
import { publishableKeyFor, startClerkBackendDouble, type ClerkBackendDouble } from '../src/testing'
import { testConfig } from './support/test-config'

let double: ClerkBackendDouble | undefined
afterEach(async () => {
  installClerkProvider(null)
  await double?.close()
})

/** The middleware, then a page that reports what the request context holds. */
const page = toWebHandler(
  createApp()
    .use(clerkRequestMiddleware)
    .use(defineEventHandler((event) => ({ clerkActive: event.context.or3ClerkActive ?? false, verified: event.context.or3ClerkAuth !== undefined }))),
)
const documentRequest = (headers: Record<string, string> = {}) =>
  new Request('http://localhost:3000/chat', { headers: { 'sec-fetch-dest': 'document', accept: 'text/html', ...headers } })

describe('the request middleware', () => {
  it('does nothing on a server whose auth provider is not Clerk', async () => {
    const response = await page(documentRequest())
    expect(await response.json()).toEqual({ clerkActive: false, verified: false })
  })

  it('marks the request for the app plugin, leaving verification to whoever asks first', async () => {
    double = await startClerkBackendDouble()
    installClerkProvider(createClerkProvider({ config: testConfig({ allowedOrigins: ['http://localhost:3000'] }), env: double.env() }))
    expect(await (await page(documentRequest())).json()).toEqual({ clerkActive: true, verified: false })
    const apiCall = new Request('http://localhost:3000/api/sync/pull', { method: 'POST', headers: { accept: 'application/json' } })
    expect(await (await page(apiCall)).json()).toEqual({ clerkActive: true, verified: false })
  })

  it("redirects a development instance's page load through Clerk's handshake", async () => {
    double = await startClerkBackendDouble()
    const env = {
      ...double.env(),
      NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor('happy-cat-1.clerk.accounts.dev', 'test'),
      NUXT_CLERK_SECRET_KEY: 'sk_test_double',
    }
    installClerkProvider(createClerkProvider({ config: testConfig(), env }))
    const response = await page(documentRequest())
    expect(response.status).toBe(307)
    expect(new URL(response.headers.get('location')!).origin).toBe('https://happy-cat-1.clerk.accounts.dev')
    // Only page loads: an API call is verified when core asks for the session.
    const apiCall = new Request('http://localhost:3000/api/workspaces', { headers: { accept: 'application/json' } })
    expect(await (await page(apiCall)).json()).toEqual({ clerkActive: true, verified: false })
    // A production instance never redirects: signed out is signed out.
    installClerkProvider(createClerkProvider({ config: testConfig(), env: double.env() }))
    expect((await page(documentRequest())).status).toBe(200)
  })
})
