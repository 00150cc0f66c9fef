import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectedEcho } from '../support/test-llm-server'
import { seriousViolations } from './support/axe'
import { useChatHarness } from './support/chat-harness'
import { newDevice } from './support/chat-page'
import { screenshot } from './support/screenshots'

/** What has the keyboard focus, by test id, id or tag. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement
    return element?.getAttribute('data-testid') || element?.id || element?.tagName.toLowerCase() || null
  })

/**
 * The app as a keyboard and screen-reader user meets it, on the embedded default: axe-core on
 * every screen (no serious or critical violations), the skip link, the shortcuts, the live region
 * that announces a finished answer, and the thread menu from the keyboard and on a touch screen.
 */
describe('accessibility in a browser', () => {
  const harness = useChatHarness({ chunkDelayMs: 5 })

  it('has no serious or critical axe violations on any screen', async () => {
    const device = await newDevice(await harness.newContext({ viewport: { width: 1280, height: 800 } }), harness.server.url)
    const { page } = device
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    const found: string[] = []
    const scan = async (screen: string) => found.push(...(await seriousViolations(page, screen)))

    await page.getByTestId('sign-in-panel').waitFor()
    await scan('sign-in')
    await device.register('ada@example.com', 'Ada')
    await scan('new chat')
    await device.send('a short question about ferns')
    await device.waitForAssistantText(expectedEcho('a short question about ferns'))
    await scan('a chat with an answer')

    await page.getByTestId('thread-search').fill('ferns')
    await page.getByTestId('search-snippet').first().waitFor()
    await scan('search results')
    await page.getByTestId('thread-search').fill('')

    await device.threads().first().hover()
    await device.threads().first().getByTestId('thread-menu').click()
    await page.getByRole('menu').waitFor()
    await scan('thread menu')
    await page.keyboard.press('Escape')

    const dialogs: Array<[string, string]> = [
      ['settings-button', 'settings'],
      ['shortcuts-button', 'keyboard shortcuts'],
      ['archived-chats', 'archived chats'],
    ]
    for (const [button, screen] of dialogs) {
      await page.getByTestId(button).click()
      await page.getByRole('dialog').waitFor()
      await scan(screen)
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached' })
    }

    await page.getByRole('button', { name: 'Ada', exact: true }).click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    await page.getByTestId('sign-out-dialog').waitFor()
    await scan('sign out')

    expect(found).toEqual([])
  })

  it('skips to the message box, searches, starts a chat and lists the shortcuts from the keyboard', async () => {
    const device = await newDevice(await harness.newContext({ viewport: { width: 1280, height: 800 } }), harness.server.url)
    const { page } = device
    await device.register('grace@example.com', 'Grace')
    await device.send('where do moths go in winter')
    await device.waitForAssistantText(expectedEcho('where do moths go in winter'))
    await page.reload()
    await page.getByTestId('new-chat').waitFor()

    // The first Tab reaches the skip link, which moves focus past every thread to the message box.
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('skip-link')
    expect(await page.getByTestId('skip-link').isVisible(), 'the skip link shows while focused').toBe(true)
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toBe('composer-input')

    await page.keyboard.press('Control+k')
    await expect.poll(() => focused(page)).toBe('thread-search')

    await device.threads().first().click()
    await page.waitForURL(/\/chat\//)
    await page.keyboard.press('Control+Shift+O')
    await page.waitForURL((url) => url.pathname === '/')
    await expect.poll(() => focused(page)).toBe('composer-input')

    await page.keyboard.press('Control+/')
    const sheet = page.getByTestId('shortcuts-sheet')
    await sheet.waitFor()
    for (const label of ['Search chats', 'Start a new chat', 'Stop the answer being written']) {
      expect(await sheet.textContent()).toContain(label)
    }
    await screenshot(page, 'keyboard-shortcuts')
    await page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })

    // The thread menu from the keyboard: Tab from the thread's link reaches its menu button.
    await device.threads().first().locator('a').focus()
    await page.keyboard.press('Tab')
    await expect.poll(() => focused(page)).toBe('thread-menu')
    await page.keyboard.press('Enter')
    await page.getByRole('menuitem', { name: 'Rename' }).waitFor()
    await page.keyboard.press('Escape')
  })

  it('announces a finished answer once, and Esc stops an answer being written', async () => {
    const device = await newDevice(await harness.newContext({ viewport: { width: 1280, height: 800 } }), harness.server.url)
    const { page } = device
    await device.register('alan@example.com', 'Alan')
    const announcer = page.getByTestId('answer-announcer')
    expect(await announcer.getAttribute('aria-live')).toBe('polite')

    const prompt = 'name three birds that stay all winter'
    await device.send(prompt)
    await device.waitForAssistantText(expectedEcho(prompt))
    await expect.poll(() => announcer.textContent()).toBe(`Answer finished: ${expectedEcho(prompt)}`)

    await device.send('tell me a long story [stall]')
    await page.getByTestId('stop-button').waitFor()
    await page.getByTestId('composer-input').focus()
    await page.keyboard.press('Escape')
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="aborted"]').waitFor()
    await expect.poll(() => announcer.textContent()).toBe('Answer stopped.')
    harness.llm.release()
  })

  it('shows the thread menu button on a touch screen, where there is no hover', async () => {
    const context = await harness.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })
    const device = await newDevice(context, harness.server.url)
    const { page } = device
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), 'the context emulates a touch screen').toBe(true)
    await device.register('lin@example.com', 'Lin')
    await device.send('hello from a tablet')
    await device.waitForAssistantText(expectedEcho('hello from a tablet'))
    await page.getByTestId('new-chat').click()
    const menu = device.threads().first().getByTestId('thread-menu')
    await expect.poll(() => menu.evaluate((element) => getComputedStyle(element).opacity)).toBe('1')
  })
})
