import type { Browser, WebSocket } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startConvexHost, type ConvexHostServer } from '../integration/support/convex-host'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import { chatPage } from './support/chat-page'

/**
 * basic-auth + Convex in direct sync mode, in a real browser: each page syncs with the Convex
 * deployment double itself (the real ConvexClient over a websocket, with the RS256 token core's
 * POST /api/auth/token mints for it), still pushing through the app's outbox. The double is
 * plain http on another port, which the page's Content-Security-Policy (https/wss origins only)
 * would refuse, so these pages bypass the CSP; the policy itself is checked in the integration
 * tests with an https deployment URL.
 */
describe('basic-auth-convex with direct sync, in a browser', () => {
  let llm: TestLlmServer
  let server: ConvexHostServer
  let browser: Browser

  beforeAll(async () => {
    llm = startTestLlmServer()
    server = await startConvexHost('basic-auth-convex', {
      OR3_CONVEX_SYNC_MODE: 'direct',
      OR3_LLM_BASE_URL: llm.baseUrl,
      OR3_LLM_API_KEY: 'e2e-key',
      OR3_LLM_DEFAULT_MODEL: 'test/echo',
    })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  async function device() {
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    const gatewaySync: string[] = []
    const sockets: WebSocket[] = []
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname
      if (/^\/api\/sync\/(push|pull|snapshot|update-cursor|events)$/.test(path)) gatewaySync.push(path)
    })
    page.on('websocket', (socket) => {
      if (socket.url().startsWith(server.deployment.url.replace('http', 'ws'))) sockets.push(socket)
    })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(server.url)
    return { ...chatPage(page), gatewaySync, sockets, errors }
  }

  let laptop: Awaited<ReturnType<typeof device>>
  let phone: Awaited<ReturnType<typeof device>>

  it("two devices see each other's changes live, syncing with Convex directly", async () => {
    laptop = await device()
    await laptop.register('alice@example.com', 'Alice')
    phone = await device()
    await phone.signIn('alice@example.com')

    await laptop.send('written on the laptop')
    await laptop.waitForAssistantText(expectedEcho('written on the laptop'))
    // The phone is open and idle: the change arrives through its live subscription.
    await expect.poll(() => phone.threads().count(), { timeout: 20_000 }).toBe(1)
    await phone.threads().first().click()
    await phone.waitForAssistantText(expectedEcho('written on the laptop'))

    await phone.send('and an answer from the phone')
    await phone.waitForAssistantText(expectedEcho('and an answer from the phone'))
    await laptop.waitForAssistantText(expectedEcho('and an answer from the phone'))

    for (const { gatewaySync, sockets, errors } of [laptop, phone]) {
      expect(gatewaySync, 'no sync call went through the OR3 server').toEqual([])
      expect(sockets.length, 'each page holds a websocket to the deployment').toBeGreaterThan(0)
      expect(errors, 'and nothing failed in the page').toEqual([])
    }
  })

  it("signing out closes the page's Convex socket", async () => {
    const open = laptop.sockets.filter((socket) => !socket.isClosed())
    expect(open.length).toBeGreaterThan(0)
    await laptop.signOut('Alice', { removeData: false })
    await expect.poll(() => open.every((socket) => socket.isClosed()), { timeout: 10_000 }).toBe(true)
  })
})
