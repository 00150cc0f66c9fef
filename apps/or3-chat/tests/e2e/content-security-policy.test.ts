import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedHost, type EmbeddedServer } from '../integration/support/embedded-host'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import { watchCspViolations } from './support/csp-violations'
import { TINY_PNG, chatPage } from './support/chat-page'
import { tinyPdf } from '../support/tiny-pdf'

/**
 * The app really runs under its Content-Security-Policy: a person registers, chats with the test
 * upstream, attaches an image and a PDF (read by pdf.js in its worker) and reloads, and the browser
 * reports no violation at all (neither a
 * `securitypolicyviolation` event in the page nor a CSP error on the console).
 */
describe('the app under its Content-Security-Policy', () => {
  let llm: TestLlmServer
  let server: EmbeddedServer
  let browser: Browser

  beforeAll(async () => {
    llm = startTestLlmServer({ chunkDelayMs: 5 })
    server = await startEmbeddedHost({ OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'csp-instance-key' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  it('registers, chats, attaches an image and a PDF, and reloads with no violation report', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const { violations, consoleErrors } = await watchCspViolations(context)
    const page = await context.newPage()

    const response = await page.goto(server.url)
    const policy = response?.headers()['content-security-policy'] ?? ''
    expect(policy).toMatch(/script-src 'self' 'strict-dynamic' 'nonce-[A-Za-z0-9+/=]{16,}'/)
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    expect(policy).toContain("frame-ancestors 'none'")

    const app = chatPage(page)
    await app.register('csp@example.com', 'Policy Tester')
    await app.send('Does the policy let this through')
    await app.waitForAssistantText(expectedEcho('Does the policy let this through'))
    await app.send('And a picture', { name: 'red-dot.png', mimeType: 'image/png', buffer: TINY_PNG })
    await app.waitForAssistantText(expectedEcho('And a picture'))
    await app.messages('user').last().locator('img').first().waitFor()
    expect(violations).toEqual([])
    await app.send('And a document', { name: 'policy.pdf', mimeType: 'application/pdf', buffer: tinyPdf([['Read in a worker from self']]) })
    await expect.poll(() => app.messages('assistant').count(), { timeout: 20_000 }).toBe(3)
    await expect.poll(() => app.messages('assistant').last().getAttribute('data-status'), { timeout: 30_000 }).toBe('complete')
    expect(JSON.stringify(llm.chatRequests().at(-1)?.body)).toContain('Read in a worker from self')
    expect(violations).toEqual([])

    await page.reload()
    await page.getByTestId('new-chat').waitFor()
    await app.messages('user').filter({ hasText: 'And a picture' }).locator('img').first().waitFor()
    expect(violations).toEqual([])
    expect(consoleErrors).toEqual([])
    await context.close()
  })
})
