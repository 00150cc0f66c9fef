import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedHost, type EmbeddedServer } from '../integration/support/embedded-host'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import { screenshot } from './support/screenshot'
import { TINY_PNG, newDevice, type chatPage } from './support/chat-page'

type Device = ReturnType<typeof chatPage>

const RED_DOT = { name: 'red-dot.png', mimeType: 'image/png', buffer: TINY_PNG }

/**
 * The chat app in a real browser against the built host on the embedded default, with the
 * local OpenAI-compatible test double as its upstream. Every test registers its own account on
 * its own browser profiles and makes the chats it needs, so each runs alone, in any order.
 */
describe('the chat app in a browser', () => {
  let llm: TestLlmServer
  let server: EmbeddedServer
  let browser: Browser
  let contexts: BrowserContext[] = []

  beforeAll(async () => {
    llm = startTestLlmServer({ chunkDelayMs: 30 })
    server = await startEmbeddedHost({ OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'e2e-instance-key' })
    browser = await launchBrowser()
  })
  afterEach(async () => {
    llm.release()
    await Promise.all(contexts.map((context) => context.close()))
    contexts = []
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  /** A device on a fresh browser profile, at the app's start page. */
  async function openDevice(options: { width: number; height: number } | null = null): Promise<Device> {
    const context = await browser.newContext(options ? { viewport: options } : {})
    contexts.push(context)
    return newDevice(context, server.url)
  }

  /** A new account (this test's own) on a new device. */
  async function signUp(name: string, viewport: { width: number; height: number } | null = null) {
    const device = await openDevice(viewport)
    const email = `${name.toLowerCase()}@example.com`
    await device.register(email, name)
    return { device, email }
  }

  /** Another device of the account `email`. */
  async function signInElsewhere(email: string): Promise<Device> {
    const device = await openDevice()
    await device.signIn(email)
    return device
  }

  async function chat(device: Device, prompt: string, attachment?: typeof RED_DOT) {
    await device.send(prompt, attachment)
    await device.waitForAssistantText(expectedEcho(prompt))
  }

  /**
   * Waits until the test upstream holds the request for `text`: releasing before it arrived would
   * free nothing, and the late request would then stall for good.
   */
  const upstreamHolds = (text: string) =>
    expect.poll(() => llm.chatRequests().some((r) => JSON.stringify(r.body).includes(text)), { timeout: 20_000 }).toBe(true)

  it('registers and streams an answer', async () => {
    const laptop = await openDevice({ width: 1280, height: 800 })
    await laptop.page.getByTestId('sign-in-panel').getByLabel('Email').waitFor()
    await screenshot(laptop.page, 'sign-in')
    await laptop.register('alice@example.com', 'Alice')

    const prompt = 'Please explain local first software in simple words so that a newcomer can follow every step of it'
    // The upstream sends the first word, then holds the rest until this test has seen it on screen.
    llm.holdRepliesTo(prompt)
    await laptop.send(prompt)
    await expect.poll(() => laptop.messages('user').first().textContent()).toContain(prompt)
    const answer = laptop.messages('assistant').first()
    await expect.poll(() => answer.getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming')
    const shown = async () => (await answer.getByTestId('message-content').textContent())?.trim()
    await expect.poll(shown, { timeout: 20_000 }).toBe('Please')
    await upstreamHolds(prompt)
    llm.release()
    await laptop.waitForAssistantText(expectedEcho(prompt))
    expect(llm.chatRequests().at(-1)?.authorization).toBe('Bearer e2e-instance-key')
    await screenshot(laptop.page, 'chat')
  })

  it('attaches an image', async () => {
    const { device } = await signUp('Painter', { width: 1280, height: 800 })
    await chat(device, 'What is in this picture', RED_DOT)
    await device.messages('user').last().locator('img').first().waitFor()
    const body = llm.chatRequests().at(-1)?.body
    const parts = body.messages.at(-1).content as Array<{ type: string; image_url?: { url: string } }>
    expect(parts.some((p) => p.type === 'image_url' && p.image_url?.url.startsWith('data:image/png'))).toBe(true)
    await screenshot(device.page, 'attachment')
  })

  it('finishes a background generation after a reload', async () => {
    const { device } = await signUp('Reloader')
    const prompt = '[stall] a long answer that keeps going after the reload'
    await device.send(prompt)
    await expect.poll(() => device.messages('assistant').last().getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming')
    await upstreamHolds('keeps going after the reload')
    await device.page.reload()
    await device.page.getByTestId('new-chat').waitFor()
    llm.release()
    await device.waitForAssistantText(expectedEcho(prompt))
    // Resumed, not restarted: one upstream request, and the answer written once.
    expect(llm.chatRequests().filter((r) => JSON.stringify(r.body).includes('keeps going after the reload'))).toHaveLength(1)
    await expect.poll(() => device.messages('assistant').filter({ hasText: expectedEcho(prompt) }).count()).toBe(1)
  })

  it('raises a notification when a background answer finishes while the user is elsewhere', async () => {
    const { device } = await signUp('Wanderer')
    await device.send('[stall] finish this while I look at something else')
    await expect.poll(() => device.messages('assistant').last().getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming')
    await upstreamHolds('finish this while I look at something else')
    await device.page.getByTestId('new-chat').click()
    llm.release()
    const bell = device.page.getByTestId('notifications')
    await bell.waitFor({ timeout: 20_000 })
    await bell.click()
    await device.page.getByRole('menuitem').first().click()
    await device.waitForAssistantText(expectedEcho('finish this while I look at something else'))
  })

  it('says plainly why an answer failed, also after a reload', async () => {
    const { device } = await signUp('Unlucky')
    await device.send('[fail500] this one breaks upstream')
    const failure = device.page.getByTestId('message-error').last()
    await failure.waitFor({ timeout: 20_000 })
    const reason = (await failure.textContent()) ?? ''
    expect(reason).not.toContain('did not finish')
    await device.page.reload()
    await device.page.getByTestId('new-chat').waitFor()
    await expect.poll(() => device.page.getByTestId('message-error').last().textContent()).toBe(reason)
  })

  it('shows the thread and the image on a second device of the same account', async () => {
    const { device: laptop, email } = await signUp('Traveller')
    await chat(laptop, 'What is in this picture I took', RED_DOT)
    const phone = await signInElsewhere(email)
    await expect.poll(() => phone.threads().count(), { timeout: 20_000 }).toBe(1)
    await phone.threads().first().click()
    const withPicture = phone.messages('user').filter({ hasText: 'What is in this picture I took' })
    // The bytes came through the server's storage and passed the hash check on this device.
    const image = withPicture.locator('img').first()
    await image.waitFor({ timeout: 20_000 })
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1)
  })

  it('syncs an edit made offline once the device reconnects', async () => {
    const { device: laptop, email } = await signUp('Commuter')
    await chat(laptop, 'Notes for the train ride')
    const tablet = await signInElsewhere(email)
    await expect.poll(() => tablet.threads().count(), { timeout: 20_000 }).toBe(1)

    const tabletContext = tablet.page.context()
    await tabletContext.setOffline(true)
    const item = tablet.threads().first()
    await item.hover()
    await item.getByTestId('thread-menu').click()
    await tablet.page.getByRole('menuitem', { name: 'Rename' }).click()
    await item.locator('input').fill('Renamed while offline')
    await item.locator('input').press('Enter')
    await expect.poll(() => tablet.page.getByTestId('sync-status').textContent()).toMatch(/offline|syncing|error/i)

    await tabletContext.setOffline(false)
    await expect.poll(() => laptop.threads().allTextContents(), { timeout: 30_000 }).toEqual([
      expect.stringContaining('Renamed while offline'),
    ])
  })

  it("switching workspace shows only that workspace's threads", async () => {
    const { device } = await signUp('Juggler', { width: 1280, height: 800 })
    await chat(device, 'Something for the personal workspace')
    await expect.poll(() => device.threads().count()).toBe(1)
    await device.page.getByTestId('workspace-switcher').click()
    await device.page.getByRole('menuitem', { name: 'New workspace' }).click()
    await device.page.getByTestId('new-workspace-name').locator('input').or(device.page.locator('input[data-testid="new-workspace-name"]')).first().fill('Side project')
    await device.page.getByRole('button', { name: 'Create' }).click()
    await expect.poll(() => device.page.getByTestId('workspace-switcher').textContent()).toContain('Side project')
    await expect.poll(() => device.threads().count()).toBe(0)

    await chat(device, 'Hello from the side project')
    await expect.poll(() => device.threads().count()).toBe(1)

    await device.page.getByTestId('workspace-switcher').click()
    await device.page.getByRole('menuitemcheckbox', { name: 'Personal' }).click()
    await expect.poll(() => device.threads().allTextContents()).toEqual([expect.stringContaining('personal workspace')])
    await screenshot(device.page, 'workspaces')
  })

  it("never shows one user's data to another", async () => {
    const { device: owner } = await signUp('Keeper')
    await chat(owner, 'A private thought')
    const { device: other } = await signUp('Snoop')
    await expect.poll(() => other.threads().count()).toBe(0)
    const ownerWorkspaces = await owner.page.evaluate(async () => (await (await fetch('/api/workspaces')).json()).workspaces)
    const status = await other.page.evaluate(async (workspaceId: string) => {
      const response = await fetch('/api/sync/pull', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scope: { workspaceId }, cursor: 0 }),
      })
      return response.status
    }, ownerWorkspaces[0].id)
    expect(status).toBe(403)
  })
})
