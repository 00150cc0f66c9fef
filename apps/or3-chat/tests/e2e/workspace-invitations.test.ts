import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedHost, type EmbeddedServer } from '../integration/support/embedded-host'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import { chatPage, newDevice } from './support/chat-page'

/** A Nuxt UI input: the test id may sit on the wrapper or on the input itself. */
const inputIn = (field: Locator) => field.locator('input').or(field.and(field.page().locator('input'))).first()

/**
 * Sharing a workspace in a real browser on the embedded default: Alice invites Bob by email, sends
 * him the link, Bob creates his account from it, joins, and the two see each other's messages
 * with the author's name.
 */
describe('inviting a second user to a workspace', () => {
  let llm: TestLlmServer
  let server: EmbeddedServer
  let browser: Browser

  beforeAll(async () => {
    llm = startTestLlmServer()
    server = await startEmbeddedHost({ OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'e2e-instance-key' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  let alice: ReturnType<typeof chatPage>
  let link: string

  it('Alice creates a workspace, writes in it and invites Bob, getting a link', async () => {
    alice = await newDevice(await browser.newContext({ viewport: { width: 1280, height: 800 } }), server.url)
    await alice.register('alice@example.com', 'Alice')
    const { page } = alice
    await page.getByTestId('workspace-switcher').click()
    await page.getByRole('menuitem', { name: 'New workspace' }).click()
    await inputIn(page.getByTestId('new-workspace-name')).fill('Team')
    await page.getByRole('button', { name: 'Create' }).click()
    await expect.poll(() => page.getByTestId('workspace-switcher').textContent()).toContain('Team')

    await alice.send('Hello team, this is the plan for the week')
    await alice.waitForAssistantText(expectedEcho('Hello team, this is the plan for the week'))
    expect(await alice.messages('user').first().getByTestId('message-author').count(), 'no name on her own message').toBe(0)

    await page.getByTestId('workspace-switcher').click()
    await page.getByRole('menuitem', { name: 'Manage workspaces' }).click()
    await page.getByRole('button', { name: 'Members of Team' }).click()
    await expect.poll(() => page.getByTestId('member').allTextContents()).toEqual([expect.stringContaining('Alice')])
    await inputIn(page.getByTestId('invite-email')).fill('bob@example.com')
    await page.getByRole('button', { name: 'Invite' }).click()
    const url = inputIn(page.getByTestId('invite-link-url'))
    await url.waitFor()
    link = await url.inputValue()
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[\\w-]{43}$`))
    await expect.poll(() => page.getByTestId('pending-invitation').allTextContents()).toEqual([expect.stringContaining('bob@example.com')])
    await page.keyboard.press('Escape')
  })

  it('Bob opens the link, creates his account, joins, and sees the thread with its author', async () => {
    const bob = chatPage(await (await browser.newContext()).newPage())
    await bob.page.goto(link)
    await bob.register('bob@example.com', 'Bob')
    const card = bob.page.getByTestId('invitation')
    await expect.poll(() => card.textContent()).toContain('Join Team')
    expect(await card.textContent()).toContain('Alice invited you as editor')
    await bob.page.getByTestId('accept-invitation').click()

    await expect.poll(() => bob.page.getByTestId('workspace-switcher').textContent()).toContain('Team')
    await expect.poll(() => bob.threads().count(), { timeout: 20_000 }).toBe(1)
    await bob.threads().first().click()
    const fromAlice = bob.messages('user').filter({ hasText: 'Hello team' })
    await expect.poll(() => fromAlice.getByTestId('message-author').textContent(), { timeout: 20_000 }).toBe('Alice')

    await bob.send('Thanks Alice, Bob here and ready')
    await bob.waitForAssistantText(expectedEcho('Thanks Alice, Bob here and ready'))
    const fromBob = alice.messages('user').filter({ hasText: 'Bob here' })
    await expect.poll(() => fromBob.getByTestId('message-author').textContent(), { timeout: 30_000 }).toBe('Bob')
  })

  it('the link works once', async () => {
    const carol = chatPage(await (await browser.newContext()).newPage())
    await carol.page.goto(link)
    await carol.register('carol@example.com', 'Carol')
    await expect.poll(() => carol.page.getByTestId('invitation').textContent()).toContain('already been used')
    expect(await carol.page.getByTestId('accept-invitation').count()).toBe(0)
  })
})
