import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startEmbeddedHost, type EmbeddedServer } from '../../integration/support/embedded-host'
import { startTestLlmServer, type TestLlmServer } from '../../support/test-llm-server'
import { launchBrowser } from './browser'

/**
 * The common browser-test setup, as hooks of the describe block that calls it: the echoing test
 * upstream, the built host on the embedded default using it (with an instance key), and Debian's
 * Chromium; `env` adds server settings. `extraUpstreams` starts more test upstreams (each serving
 * its `models`), for servers with several endpoints: `env` may then be a function of all of them,
 * the first being the default one. Every browser context a test opens is closed after that test, and answers the test
 * held back are released, so each test starts clean.
 */
export function useChatHarness(
  options: {
    chunkDelayMs?: number
    env?: Record<string, string> | ((upstreams: TestLlmServer[]) => Record<string, string>)
    extraUpstreams?: Array<{ models: string[] }>
  } = {},
) {
  let llm: TestLlmServer
  let extra: TestLlmServer[] = []
  let server: EmbeddedServer
  let browser: Browser
  let contexts: BrowserContext[] = []

  beforeAll(async () => {
    llm = startTestLlmServer({ chunkDelayMs: options.chunkDelayMs })
    extra = (options.extraUpstreams ?? []).map((upstream) => startTestLlmServer({ chunkDelayMs: options.chunkDelayMs, models: upstream.models }))
    const env = typeof options.env === 'function' ? options.env([llm, ...extra]) : { OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'e2e-instance-key', ...options.env }
    server = await startEmbeddedHost(env)
    browser = await launchBrowser()
  })
  afterEach(async () => {
    llm?.release()
    for (const upstream of extra) upstream.release()
    await Promise.all(contexts.map((context) => context.close()))
    contexts = []
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
    await Promise.all(extra.map((upstream) => upstream.stop()))
  })

  return {
    get llm() {
      return llm
    },
    /** The upstreams of `extraUpstreams`, in order. */
    get extraUpstreams() {
      return extra
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
