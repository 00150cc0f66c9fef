import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedHost, type EmbeddedServer } from '../integration/support/embedded-host'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import { newDevice } from './support/chat-page'
import { noisePng } from './support/noise-png'

const MAX_REQUEST_BYTES = 8 * 1024 * 1024

/**
 * Chat paths that used to break for users, in a real browser against the built host: a thread
 * with large photos, a thread longer than the model's context, a server default model that the
 * upstream does not offer, and a server without background generation. Each test registers its
 * own account, so they do not depend on each other's order.
 */
describe('chat requests that fit, and a model that exists', () => {
  let llm: TestLlmServer
  let server: EmbeddedServer
  let browser: Browser

  beforeAll(async () => {
    llm = startTestLlmServer()
    // No OR3_LLM_DEFAULT_MODEL: the default (openai/gpt-4o-mini) is one the test upstream does not serve.
    server = await startEmbeddedHost({ OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'e2e-key' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  const requestsWith = (text: string) => llm.chatRequests().filter((r) => JSON.stringify(r.body).includes(text))

  it('falls back to an offered model on first run, says so, and keeps a model picked in the composer as the default', async () => {
    const device = await newDevice(await browser.newContext(), server.url)
    await device.register('first-run@example.com', 'First Run')
    const note = device.page.getByTestId('model-fallback-note')
    await expect.poll(() => note.textContent(), { timeout: 20_000 }).toContain('openai/gpt-4o-mini')

    await device.send('hello on first run')
    await device.waitForAssistantText(expectedEcho('hello on first run'))
    expect(requestsWith('hello on first run').at(-1)?.body.model).toBe('test/echo')

    await device.page.getByTestId('model-picker').first().click()
    await device.page.getByRole('option', { name: /test\/other/ }).click()
    await device.page.getByTestId('new-chat').click()
    await device.page.reload()
    await device.page.getByTestId('new-chat').waitFor()
    await device.send('a new chat with my model')
    await device.waitForAssistantText(expectedEcho('a new chat with my model'))
    expect(requestsWith('a new chat with my model').at(-1)?.body.model).toBe('test/other')
    expect(await note.count()).toBe(0)
  })

  it('keeps a thread with two large photos working: the next text turn still goes through', async () => {
    const device = await newDevice(await browser.newContext(), server.url)
    await device.register('photos@example.com', 'Photos')
    await device.send('first photo', { name: 'one.png', mimeType: 'image/png', buffer: noisePng(1100, 1100, 1) })
    await device.waitForAssistantText(expectedEcho('first photo'))
    await device.send('second photo', { name: 'two.png', mimeType: 'image/png', buffer: noisePng(1100, 1100, 2) })
    await device.waitForAssistantText(expectedEcho('second photo'))
    await device.send('what colours do they share')
    await device.waitForAssistantText(expectedEcho('what colours do they share'))

    expect(await device.page.getByTestId('message-error').count()).toBe(0)
    const last = requestsWith('what colours do they share').at(-1)!
    expect(JSON.stringify(last.body).length).toBeLessThanOrEqual(MAX_REQUEST_BYTES)
    expect(last.body.messages.at(-1)).toEqual({ role: 'user', content: 'what colours do they share' })
    // The browser re-encoded both photos (PNG → smaller JPEG), so both still fit and nothing was left out.
    expect(JSON.stringify(last.body).match(/data:image\/jpeg;base64,/g)).toHaveLength(2)
    expect(await device.page.getByTestId('context-left-out').count()).toBe(0)
  })

  it('says on the answer when older messages were left out to fit the model', async () => {
    const device = await newDevice(await browser.newContext(), server.url)
    await device.register('long@example.com', 'Long')
    // The model list (with the context length) is in once the fallback note shows.
    await device.page.getByTestId('model-fallback-note').waitFor({ timeout: 20_000 })
    // The test upstream lists test/echo with a 4096-token context: three of these do not fit.
    const long = (tag: string) => `${tag} ${'lorem ipsum dolor sit amet '.repeat(180)}`.trim()
    await device.send(long('alpha'))
    await device.waitForAssistantText('alpha lorem')
    await expect.poll(() => device.page.getByTestId('context-left-out').count()).toBe(0)
    await device.send(long('omega'))
    await device.waitForAssistantText('omega lorem')
    const note = device.page.getByTestId('context-left-out')
    await expect.poll(() => note.textContent()).toContain('2 earlier messages')
    if (process.env.OR3_E2E_SHOT) await device.page.screenshot({ path: process.env.OR3_E2E_SHOT })
    expect(requestsWith('omega lorem').at(-1)!.body.messages.map((m: { content: string }) => m.content.slice(0, 5))).toEqual(['omega'])
  })
})

describe('a server without background generation', () => {
  let llm: TestLlmServer
  let server: EmbeddedServer
  let browser: Browser

  beforeAll(async () => {
    llm = startTestLlmServer({ chunkDelayMs: 10 })
    server = await startEmbeddedHost({
      OR3_LLM_BASE_URL: llm.baseUrl,
      OR3_LLM_API_KEY: 'e2e-key',
      OR3_LLM_DEFAULT_MODEL: 'test/echo',
      OR3_BACKGROUND_ENABLED: 'false',
    })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  it('chats by streaming in the foreground', async () => {
    const device = await newDevice(await browser.newContext(), server.url)
    const jobCalls: string[] = []
    const chatBodies: string[] = []
    device.page.on('request', (request) => {
      if (request.url().includes('/api/jobs/')) jobCalls.push(request.url())
      if (request.url().endsWith('/api/chat/stream')) chatBodies.push(request.postData() ?? '')
    })
    await device.register('foreground@example.com', 'Foreground')
    await device.send('stream this in the foreground please')
    await device.waitForAssistantText(expectedEcho('stream this in the foreground please'))
    expect(await device.page.getByTestId('message-error').count()).toBe(0)
    expect(chatBodies).toHaveLength(1)
    expect(JSON.parse(chatBodies[0]!)).not.toHaveProperty('background')
    expect(jobCalls).toEqual([])
  })
})
