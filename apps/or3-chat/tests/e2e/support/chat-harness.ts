import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startEmbeddedHost, type EmbeddedServer } from '../../integration/support/embedded-host'
import { startTestLlmServer, type TestLlmServer } from '../../support/test-llm-server'
import { launchBrowser } from './browser'

/**
 * The common browser-test setup, as hooks of the describe block that calls it: the echoing test
 * upstream, the built host on the embedded default using it (with an instance key), and Debian's
 * Chromium; `env` adds server settings. Every browser context a test opens is closed after that test, and answers the test
 * held back are released, so each test starts clean.
 */
export function useChatHarness(options: { chunkDelayMs?: number; env?: Record<string, string> } = {}) {
  let llm: TestLlmServer
  let server: EmbeddedServer
  let browser: Browser
  let contexts: BrowserContext[] = []

  beforeAll(async () => {
    llm = startTestLlmServer({ chunkDelayMs: options.chunkDelayMs })
    server = await startEmbeddedHost({ OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'e2e-instance-key', ...options.env })
    browser = await launchBrowser()
  })
  afterEach(async () => {
    llm?.release()
    await Promise.all(contexts.map((context) => context.close()))
    contexts = []
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  return {
    get llm() {
      return llm
    },
    get server() {
      return server
    },
    /** A fresh browser profile, closed after the test. */
    async newContext(contextOptions: BrowserContextOptions = {}): Promise<BrowserContext> {
      const context = await browser.newContext(contextOptions)
      contexts.push(context)
      return context
    },
  }
}
