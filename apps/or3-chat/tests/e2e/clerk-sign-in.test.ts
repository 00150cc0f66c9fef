import type { Browser, BrowserContext, Page } from 'playwright-core'
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
import { chatPage, SIGNED_OUT_AND_REMOVED } from './support/chat-page'
import { watchCspViolations } from './support/csp-violations'

const isLoopback = (hostname: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) || hostname.endsWith('.localhost')

/**
 * The Clerk host in Debian's Chromium. clerk-js and Clerk's UI come from the installed npm
 * packages and Clerk's Frontend API is a local double (through the proxy URL); the Backend API is
 * the other double. Every request the browser makes must stay on this machine, and the pages run
 * under the app's Content-Security-Policy with the origins Clerk adds, with no violation.
 */
describe('Clerk sign-in in a browser', () => {
  let llm: TestLlmServer
  let backend: ClerkBackendDouble
  let frontend: ClerkFrontendDouble
  let server: ClerkHostServer
  let browser: Browser
  const requested: string[] = []
  const cspViolations: string[] = []
  const cspConsoleErrors: string[] = []

  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    context.on('request', (request) => void requested.push(request.url()))
    const csp = await watchCspViolations(context)
    context.on('close', () => {
      cspViolations.push(...csp.violations)
      cspConsoleErrors.push(...csp.consoleErrors)
    })
    return context
  }

  /** Opens the user menu and chooses Sign out: core's sign-out dialog comes up. */
  async function openSignOut(page: Page) {
    await page.getByTestId('clerk-user-menu').getByRole('button').first().click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    const dialog = page.getByTestId('sign-out-dialog')
    await dialog.waitFor()
    return dialog
  }

  /** A browser signed in to Clerk as `user`, with one chat written (so this account has data here). */
  async function signedInWithAChat(user: { id: string; email: string; firstName: string }, prompt: string) {
    frontend.signIn(user)
    const context = await newContext()
    const app = chatPage(await context.newPage())
    await app.page.goto(server.origin)
    await app.page.getByTestId('clerk-user-menu').getByText(user.firstName).waitFor({ timeout: 30_000 })
    await app.send(prompt)
    await app.waitForAssistantText(expectedEcho(prompt))
    return { context, app }
  }

  const databases = (page: Page): Promise<string[]> => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''))

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
    // Each test sets the double's signed-in user itself, so each runs alone, in any order.
    frontend.signOut()
    const context = await newContext()
    const page = await context.newPage()
    const policy = (await page.goto(server.origin))?.headers()['content-security-policy'] ?? ''
    expect(policy).toContain(`connect-src 'self' ${frontend.url}`)
    const gate = page.getByTestId('sign-in-panel')
    await gate.locator('.cl-signIn-root').waitFor({ timeout: 30_000 })
    await expect.poll(() => gate.getByRole('textbox', { name: /email/i }).count()).toBeGreaterThan(0)
    expect(requested).toContain(frontend.jsUrl)
    expect(requested).toContain(frontend.uiUrl)
    expect(frontend.requests.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /v1/environment', 'GET /v1/client']))
    await context.close()
  })

  it('signed in: the user menu and the chat, and a message round-trips', async () => {
    frontend.signIn({ id: 'user_carol', email: 'carol@example.com', firstName: 'Carol' })
    const context = await newContext()
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
    const renewals = frontend.requests.filter((r) => r.method === 'POST' && /^\/v1\/client\/sessions\/[^/]+\/tokens/.test(r.path))
    expect(renewals.length).toBeGreaterThan(0)
    const later = 'Still signed in after the first token expired'
    await app.send(later)
    await app.waitForAssistantText(expectedEcho(later))
    await context.close()
  })

  it("signs out through core's sign-out, removing this account's data from the browser when asked", async () => {
    const { context, app } = await signedInWithAChat({ id: 'user_dan', email: 'dan@example.com', firstName: 'Dan' }, 'Something to leave behind')
    const session = await app.page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()))
    const accountDbs = [`or3-ws-${session.workspace.id}`, `or3-user-${session.user.id}`]
    const mine = (await databases(app.page)).filter((name) => accountDbs.includes(name))
    expect(mine).toContain(accountDbs[0])

    const dialog = await openSignOut(app.page)
    await dialog.getByRole('checkbox', { name: /remove this account's data/ }).click()
    await app.page.getByTestId('sign-out-confirm').click()
    await app.page.getByTestId('sign-in-panel').locator('.cl-signIn-root').waitFor({ timeout: 30_000 })
    expect((await app.page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()))).authenticated).toBe(false)
    await app.page.getByText(SIGNED_OUT_AND_REMOVED, { exact: true }).waitFor()
    expect((await databases(app.page)).filter((name) => mine.includes(name))).toEqual([])
    await context.close()
  })

  it("keeps the session and this device's data when Clerk cannot sign out, and says so", async () => {
    const { context, app } = await signedInWithAChat({ id: 'user_erin', email: 'erin@example.com', firstName: 'Erin' }, 'Kept through a failed sign-out')
    const before = await databases(app.page)

    frontend.setSignOutFailing(true)
    try {
      const dialog = await openSignOut(app.page)
      await dialog.getByRole('checkbox', { name: /remove this account's data/ }).click()
      await app.page.getByTestId('sign-out-confirm').click()
      await app.page.getByText('Signing out failed: check your connection and try again', { exact: true }).waitFor()
    } finally {
      frontend.setSignOutFailing(false)
    }
    expect((await app.page.evaluate(() => fetch('/api/auth/session').then((r) => r.json()))).authenticated).toBe(true)
    expect(await databases(app.page)).toEqual(before)
    await app.page.getByTestId('clerk-user-menu').getByText('Erin').waitFor()
    await context.close()
  })

  it("ran every page under the app's policy with no violation", () => {
    expect(cspViolations).toEqual([])
    expect(cspConsoleErrors).toEqual([])
  })

  it('kept every request on this machine', () => {
    expect(requested.length).toBeGreaterThan(0)
    const away = requested.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && !isLoopback(new URL(url).hostname))
    expect(away).toEqual([])
    expect(frontend.unhandled).toEqual([])
  })
})
