import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../integration/support/start-server'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import { chatPage } from './support/chat-page'

/**
 * The test-providers host (TEST DOUBLES, header sign-in) declares that its sync provider has a
 * direct client (`OR3_TEST_SYNC_CLIENT=direct`) and registers one in the browser. The app must
 * pick that client because the session answer says so, and sync must work through it.
 */
describe("a provider's own sync client", () => {
  let llm: TestLlmServer
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    llm = startTestLlmServer()
    server = await startServer({
      env: {
        OR3_AUTH_PROVIDER: 'test',
        OR3_SYNC_PROVIDER: 'test',
        OR3_STORAGE_PROVIDER: 'test',
        OR3_STRICT: 'true',
        OR3_TEST_SYNC_CLIENT: 'direct',
        OR3_LLM_BASE_URL: llm.baseUrl,
        OR3_LLM_API_KEY: 'e2e-key',
        OR3_LLM_DEFAULT_MODEL: 'test/echo',
      },
    })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  async function device(user: string) {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-test-user': user } })
    const page = await context.newPage()
    const syncRequests: Array<{ path: string; direct: boolean }> = []
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname
      if (/^\/api\/sync\/(push|pull|snapshot|update-cursor)$/.test(path)) {
        syncRequests.push({ path, direct: request.headers()['x-or3-test-direct-sync'] === '1' })
      }
    })
    await page.goto(server.url)
    await page.getByTestId('new-chat').waitFor()
    return { ...chatPage(page), syncRequests }
  }

  const directCalls = (page: Page) => page.evaluate(() => globalThis.__or3TestDirectSyncCalls ?? [])

  it('is used when the session answer says sync is direct, and carries a chat to another device', async () => {
    const laptop = await device('dana')
    await laptop.send('written on the laptop')
    await laptop.waitForAssistantText(expectedEcho('written on the laptop'))
    await expect.poll(() => directCalls(laptop.page)).toEqual(expect.arrayContaining(['push', 'pull']))

    const phone = await device('dana')
    await expect.poll(() => phone.threads().count(), { timeout: 20_000 }).toBe(1)
    await phone.threads().first().click()
    await phone.waitForAssistantText(expectedEcho('written on the laptop'))
    expect(await directCalls(phone.page)).toContain('pull')

    // Every sync call of both pages went through the provider's client, none through core's.
    for (const { syncRequests } of [laptop, phone]) {
      expect(syncRequests.length).toBeGreaterThan(0)
      expect(syncRequests.filter((r) => !r.direct)).toEqual([])
    }
  })
})
