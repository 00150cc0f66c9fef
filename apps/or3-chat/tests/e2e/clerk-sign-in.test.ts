import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  clerkBrowserDists,
  startClerkBackendDouble,
  startClerkFrontendDouble,
  type ClerkBackendDouble,
  type ClerkFrontendDouble,
} from '../fixtures/clerk-host/testing'
import { startClerkHostServer, type ClerkHostServer } from '../integration/support/clerk-host'
import { freePort } from '../integration/support/start-server'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import { chatPage } from './support/chat-page'

const isLoopback = (hostname: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) || hostname.endsWith('.localhost')

/**
 * The Clerk host in Debian's Chromium. clerk-js and Clerk's UI come from the installed npm
 * packages and Clerk's Frontend API is a local double (through the proxy URL); the Backend API is
 * the other double. Every request the browser makes must stay on this machine. Each test sets the
 * double's signed-in user itself and checks its own requests, so each runs alone, in any order.
 */
describe('Clerk sign-in in a browser', () => {
  let llm: TestLlmServer
  let backend: ClerkBackendDouble
  let frontend: ClerkFrontendDouble
  let server: ClerkHostServer
  let browser: Browser

  /** A fresh browser profile, and every URL it requests. */
  async function newContext(): Promise<{ context: BrowserContext; requested: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const requested: string[] = []
    context.on('request', (request) => void requested.push(request.url()))
    return { context, requested }
  }

  /** Nothing this profile asked for left the machine, and the Frontend API double knew every call. */
  function expectStayedLocal(requested: string[]) {
    expect(requested.length).toBeGreaterThan(0)
    const away = requested.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && !isLoopback(new URL(url).hostname))
    expect(away).toEqual([])
    expect(frontend.unhandled).toEqual([])
  }

  beforeAll(async () => {
    llm = startTestLlmServer({ chunkDelayMs: 10 })
    backend = await startClerkBackendDouble()
    const port = await freePort()
    // clerk-js sets __client_uat with a Domain attribute, which Chromium refuses for an IP address
    // and for plain "localhost"; it resolves every *.localhost name to this machine itself.
    const host = 'or3.localhost'
    // Short-lived session tokens, so the page must outlive several of them.
    frontend = await startClerkFrontendDouble({
      backend,
      appOrigin: `http://${host}:${port}`,
      host,
      tokenLifetimeSeconds: 15,
      ...clerkBrowserDists(),
    })
    server = await startClerkHostServer(
      { OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'e2e-instance-key', ...backend.env(), ...frontend.env() },
      { host, port },
    )
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await frontend?.close()
    await backend?.close()
    await llm?.stop()
  })

  it("signed out: Clerk's sign-in form inside OR3's gate, loaded from the local packages", async () => {
    frontend.signOut()
    const calledBefore = frontend.requests.length
    const { context, requested } = await newContext()
    const page = await context.newPage()
    await page.goto(server.origin)
    const gate = page.getByTestId('sign-in-panel')
    await gate.locator('.cl-signIn-root').waitFor({ timeout: 30_000 })
    await expect.poll(() => gate.getByRole('textbox', { name: /email/i }).count()).toBeGreaterThan(0)
    expect(requested).toContain(frontend.jsUrl)
    expect(requested).toContain(frontend.uiUrl)
    const calls = frontend.requests.slice(calledBefore).map((r) => `${r.method} ${r.path}`)
    expect(calls).toEqual(expect.arrayContaining(['GET /v1/environment', 'GET /v1/client']))
    expectStayedLocal(requested)
    await context.close()
  })

  it('signed in: the user menu and the chat, and a message round-trips', async () => {
    frontend.signIn({ id: 'user_carol', email: 'carol@example.com', firstName: 'Carol' })
    const calledBefore = frontend.requests.length
    const { context, requested } = await newContext()
    const app = chatPage(await context.newPage())
    await app.page.goto(server.origin)
    await app.page.getByTestId('new-chat').waitFor({ timeout: 30_000 })
    await app.page.getByTestId('clerk-user-menu').getByText('Carol').waitFor()

    const prompt = 'Hello from a Clerk session in a real browser'
    await app.send(prompt)
    await app.waitForAssistantText(expectedEcho(prompt))
    const session = await app.page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()))
    expect(session).toMatchObject({ authenticated: true, authProvider: 'clerk', user: { email: 'carol@example.com' } })

    // No reload: clerk-js renews the token before it ends, and the app stays signed in past the
    // first token's expiry.
    const firstExpiry = Date.parse(session.expiresAt)
    await expect.poll(() => Date.now() > firstExpiry + 1000, { timeout: 30_000, interval: 500 }).toBe(true)
    const renewals = frontend.requests.slice(calledBefore).filter((r) => r.method === 'POST' && /^\/v1\/client\/sessions\/[^/]+\/tokens/.test(r.path))
    expect(renewals.length).toBeGreaterThan(0)
    const later = 'Still signed in after the first token expired'
    await app.send(later)
    await app.waitForAssistantText(expectedEcho(later))
    expectStayedLocal(requested)
    await context.close()
  })

  it('signs out from the user menu back to the gate', async () => {
    frontend.signIn({ id: 'user_dan', email: 'dan@example.com', firstName: 'Dan' })
    const { context, requested } = await newContext()
    const page = await context.newPage()
    await page.goto(server.origin)
    const menu = page.getByTestId('clerk-user-menu')
    await menu.getByText('Dan').waitFor({ timeout: 30_000 })
    await menu.getByRole('button').first().click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    await page.getByTestId('sign-in-panel').locator('.cl-signIn-root').waitFor({ timeout: 30_000 })
    const session = await page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()))
    expect(session.authenticated).toBe(false)
    expectStayedLocal(requested)
    await context.close()
  })
})
