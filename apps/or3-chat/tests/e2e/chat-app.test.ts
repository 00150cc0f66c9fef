import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedHost, type EmbeddedServer } from '../integration/support/embedded-host'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import type { chatPage} from './support/chat-page';
import { TINY_PNG, newDevice } from './support/chat-page'

/** Set by `bun run screenshots` to refresh the pictures in docs/. */
const SCREENSHOT_DIR = process.env.OR3_SCREENSHOT_DIR

async function screenshot(page: import('playwright-core').Page, name: string) {
  if (!SCREENSHOT_DIR) return
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  // Pictures for the docs show a settled screen: synced, nothing loading.
  const status = page.getByTestId('sync-status')
  if (await status.count()) await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/synced/i)
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
}

/**
 * The chat app in a real browser against the built host on the embedded default, with the
 * local OpenAI-compatible test double as its upstream. The tests run in order: they share one
 * account's story (first device, second device, offline edits, workspaces, a second user).
 */
describe('the chat app in a browser', () => {
  let llm: TestLlmServer
  let server: EmbeddedServer
  let browser: Browser

  beforeAll(async () => {
    llm = startTestLlmServer({ chunkDelayMs: 30 })
    server = await startEmbeddedHost({ OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'e2e-instance-key' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  const alice = { email: 'alice@example.com', name: 'Alice' }

  /**
   * Waits until the test upstream holds the request for `text`: releasing before it arrived would
   * free nothing, and the late request would then stall for good.
   */
  const upstreamHolds = (text: string) =>
    expect.poll(() => llm.chatRequests().some((r) => JSON.stringify(r.body).includes(text)), { timeout: 20_000 }).toBe(true)
  let laptop: ReturnType<typeof chatPage>

  it('registers and streams an answer', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    laptop = await newDevice(context, server.url)
    await laptop.page.getByTestId('sign-in-panel').getByLabel('Email').waitFor()
    await screenshot(laptop.page, 'sign-in')
    await laptop.register(alice.email, alice.name)

    const prompt = 'Please explain local first software in simple words so that a newcomer can follow every step of it'
    await laptop.send(prompt)
    await expect.poll(() => laptop.messages('user').first().textContent()).toContain(prompt)
    // Streaming: the answer is on screen, still growing, before it is complete.
    const answer = laptop.messages('assistant').first()
    await expect.poll(() => answer.getAttribute('data-status'), { intervals: [20] }).toBe('streaming')
    const partial = (await answer.getByTestId('message-content').textContent()) ?? ''
    expect(expectedEcho(prompt).length).toBeGreaterThan(partial.trim().length)
    await laptop.waitForAssistantText(expectedEcho(prompt))
    expect(llm.chatRequests().at(-1)?.authorization).toBe('Bearer e2e-instance-key')
    await screenshot(laptop.page, 'chat')
  })

  it('attaches an image', async () => {
    await laptop.send('What is in this picture', { name: 'red-dot.png', mimeType: 'image/png', buffer: TINY_PNG })
    await laptop.waitForAssistantText(expectedEcho('What is in this picture'))
    await laptop.messages('user').last().locator('img').first().waitFor()
    const body = llm.chatRequests().at(-1)?.body
    const parts = body.messages.at(-1).content as Array<{ type: string; image_url?: { url: string } }>
    expect(parts.some((p) => p.type === 'image_url' && p.image_url?.url.startsWith('data:image/png'))).toBe(true)
    await screenshot(laptop.page, 'attachment')
  })

  it('finishes a background generation after a reload', async () => {
    const prompt = '[stall] a long answer that keeps going after the reload'
    await laptop.send(prompt)
    await expect.poll(() => laptop.messages('assistant').last().getAttribute('data-status')).toBe('streaming')
    await upstreamHolds('keeps going after the reload')
    await laptop.page.reload()
    await laptop.page.getByTestId('new-chat').waitFor()
    llm.release()
    await laptop.waitForAssistantText(expectedEcho(prompt))
    // Resumed, not restarted: one upstream request, and the answer written once.
    expect(llm.chatRequests().filter((r) => JSON.stringify(r.body).includes('keeps going after the reload'))).toHaveLength(1)
    await expect.poll(() => laptop.messages('assistant').filter({ hasText: expectedEcho(prompt) }).count()).toBe(1)
  })

  it('raises a notification when a background answer finishes while the user is elsewhere', async () => {
    await laptop.send('[stall] finish this while I look at something else')
    await expect.poll(() => laptop.messages('assistant').last().getAttribute('data-status')).toBe('streaming')
    await upstreamHolds('finish this while I look at something else')
    await laptop.page.getByTestId('new-chat').click()
    llm.release()
    const bell = laptop.page.getByTestId('notifications')
    await bell.waitFor({ timeout: 20_000 })
    await bell.click()
    await laptop.page.getByRole('menuitem').first().click()
    await laptop.waitForAssistantText(expectedEcho('finish this while I look at something else'))
  })

  it('says plainly why an answer failed, also after a reload', async () => {
    await laptop.send('[fail500] this one breaks upstream')
    const failure = laptop.page.getByTestId('message-error').last()
    await failure.waitFor({ timeout: 20_000 })
    const reason = (await failure.textContent()) ?? ''
    expect(reason).not.toContain('did not finish')
    await laptop.page.reload()
    await laptop.page.getByTestId('new-chat').waitFor()
    await expect.poll(() => laptop.page.getByTestId('message-error').last().textContent()).toBe(reason)
  })

  it('shows the thread and the image on a second device of the same account', async () => {
    const phone = await newDevice(await browser.newContext(), server.url)
    await phone.signIn(alice.email)
    await expect.poll(() => phone.threads().count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await phone.threads().first().click()
    const withPicture = phone.messages('user').filter({ hasText: 'What is in this picture' })
    // The bytes came through the server's storage and passed the hash check on this device.
    const image = withPicture.locator('img').first()
    await image.waitFor({ timeout: 20_000 })
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1)
  })

  it('syncs an edit made offline once the device reconnects', async () => {
    const context = await browser.newContext()
    const tablet = await newDevice(context, server.url)
    await tablet.signIn(alice.email)
    await expect.poll(() => tablet.threads().count(), { timeout: 20_000 }).toBeGreaterThan(0)

    await context.setOffline(true)
    const item = tablet.threads().first()
    await item.hover()
    await item.getByTestId('thread-menu').click()
    await tablet.page.getByRole('menuitem', { name: 'Rename' }).click()
    await item.locator('input').fill('Renamed while offline')
    await item.locator('input').press('Enter')
    await expect.poll(() => tablet.page.getByTestId('sync-status').textContent()).toMatch(/offline|syncing|error/i)

    await context.setOffline(false)
    await expect.poll(() => laptop.threads().allTextContents(), { timeout: 30_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('Renamed while offline')]),
    )
  })

  it("switching workspace shows only that workspace's threads", async () => {
    const before = await laptop.threads().count()
    expect(before).toBeGreaterThan(0)
    await laptop.page.getByTestId('workspace-switcher').click()
    await laptop.page.getByRole('menuitem', { name: 'New workspace' }).click()
    await laptop.page.getByTestId('new-workspace-name').locator('input').or(laptop.page.locator('input[data-testid="new-workspace-name"]')).first().fill('Side project')
    await laptop.page.getByRole('button', { name: 'Create' }).click()
    await expect.poll(() => laptop.page.getByTestId('workspace-switcher').textContent()).toContain('Side project')
    await expect.poll(() => laptop.threads().count()).toBe(0)

    await laptop.send('Hello from the side project')
    await laptop.waitForAssistantText('Hello from the side project')
    await expect.poll(() => laptop.threads().count()).toBe(1)

    await laptop.page.getByTestId('workspace-switcher').click()
    await laptop.page.getByRole('menuitemcheckbox', { name: 'Personal' }).click()
    await expect.poll(() => laptop.threads().count()).toBe(before)
    await screenshot(laptop.page, 'workspaces')
  })

  it("never shows one user's data to another", async () => {
    const context = await browser.newContext()
    const bob = await newDevice(context, server.url)
    await bob.register('bob@example.com', 'Bob')
    await expect.poll(() => bob.threads().count()).toBe(0)
    const aliceWorkspaces = await laptop.page.evaluate(async () => (await (await fetch('/api/workspaces')).json()).workspaces)
    const status = await bob.page.evaluate(async (workspaceId: string) => {
      const response = await fetch('/api/sync/pull', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scope: { workspaceId }, cursor: 0 }),
      })
      return response.status
    }, aliceWorkspaces[0].id)
    expect(status).toBe(403)
  })
})
