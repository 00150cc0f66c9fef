import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectedEcho } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { PASSWORD, chatPage } from './support/chat-page'
import { screenshot } from './support/screenshots'

const PHONE = { width: 390, height: 844 }

/** The horizontal extent of an open menu, popover or picker (Reka's floating wrapper). */
async function openFloatingBox(page: Page): Promise<{ left: number; right: number }> {
  const floating = page.locator('[data-reka-popper-content-wrapper]').last()
  await floating.waitFor()
  // Measured once the opening animation is over. An animation that is cancelled (replaced by the
  // next one) rejects `finished` with an AbortError: over is over either way.
  await floating.evaluate((node) => Promise.allSettled(node.getAnimations({ subtree: true }).map((a) => a.finished)))
  const box = (await floating.boundingBox())!
  return { left: box.x, right: box.x + box.width }
}

/** The phone's copy: the folded-away desktop sidebar is in the page too, hidden. */
const shown = (locator: Locator) => locator.filter({ visible: true }).first()

async function expectInsideThePhone(page: Page, open: Locator) {
  await open.click()
  const box = await openFloatingBox(page)
  expect(box.left).toBeGreaterThanOrEqual(0)
  expect(box.right).toBeLessThanOrEqual(PHONE.width)
}

/**
 * OR3 on a 390-px phone screen: the header offers a new chat (the sidebar is folded away), and
 * every menu, picker and popover opens inside the screen.
 */
describe('the app on a phone', () => {
  const harness = useChatHarness({ chunkDelayMs: 5 })

  it('starts a new chat from the header, and keeps notifications, thread menus, the model picker and the workspace switcher on screen', async () => {
    const context = await harness.newContext({ viewport: PHONE, hasTouch: true })
    const page = await context.newPage()
    await page.goto(harness.server.url)
    const phone = chatPage(page)
    const panel = page.getByTestId('sign-in-panel')
    await panel.getByRole('tab', { name: /create account/i }).click()
    await panel.getByLabel('Email').fill('pocket@example.com')
    await panel.getByLabel('Display name').fill('Pocket')
    await panel.getByLabel('Password').fill(PASSWORD)
    await panel.getByRole('button', { name: /create account/i }).click()
    const headerNewChat = page.getByTestId('header-new-chat')
    await headerNewChat.waitFor()

    const first = 'What should I pack for a week of hiking in the mountains in early autumn'
    await phone.send(first)
    await phone.waitForAssistantText(expectedEcho(first))
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/chat\//)
    await screenshot(page, 'mobile')

    // A long preview in a notification: a background answer that finishes while this phone is elsewhere.
    const background = 'Summarise the route of the second day in a few sentences with the places to rest and to refill water'
    harness.llm.holdRepliesTo(background)
    await phone.send(background)
    await expect.poll(() => phone.messages('assistant').last().getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming')
    await expect
      .poll(() => harness.llm.chatRequests().some((r) => JSON.stringify(r.body).includes(background)), { timeout: 20_000 })
      .toBe(true)

    await headerNewChat.click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/')
    await page.getByRole('heading', { name: 'New chat' }).waitFor()
    harness.llm.release()

    await expectInsideThePhone(page, page.getByTestId('model-picker'))
    await page.keyboard.press('Escape')

    await page.getByRole('button', { name: 'Open sidebar' }).click()
    const bell = shown(page.getByTestId('notifications'))
    await bell.waitFor({ timeout: 20_000 })
    await expectInsideThePhone(page, bell)
    await screenshot(page, 'mobile-notifications')
    await page.keyboard.press('Escape')

    const thread = shown(phone.threads())
    await thread.getByTestId('thread-menu').click()
    const box = await openFloatingBox(page)
    expect(box.left).toBeGreaterThanOrEqual(0)
    expect(box.right).toBeLessThanOrEqual(PHONE.width)
    await page.keyboard.press('Escape')

    await expectInsideThePhone(page, shown(page.getByTestId('workspace-switcher')))
    await page.keyboard.press('Escape')

    // The chat's own settings popover, in the header of an open thread.
    await thread.click()
    await expectInsideThePhone(page, page.getByTestId('thread-settings'))
    await page.keyboard.press('Escape')
  })
})
