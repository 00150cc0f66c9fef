import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectedEcho } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { newDevice, type chatPage } from './support/chat-page'
import { screenshot } from './support/screenshots'

type Device = ReturnType<typeof chatPage>

/**
 * Versions of a message as a user meets them (docs/branches.md): an edit and a regeneration keep
 * the earlier version, the `‹ 2/3 ›` switcher moves between them on every device of the account,
 * and "branch from here" starts a new chat with the conversation so far.
 */
describe('branches in a browser', () => {
  const harness = useChatHarness()

  async function openDevice(): Promise<Device> {
    const context = await harness.newContext({ viewport: { width: 1280, height: 800 } })
    return newDevice(context, harness.server.url)
  }

  const position = (message: Locator) => message.getByTestId('branch-position').textContent()
  const text = (message: Locator) => message.getByTestId('message-content').textContent()
  const requestsWith = (words: string) => harness.llm.chatRequests().filter((request) => JSON.stringify(request.body.messages ?? []).includes(words))

  it('edits and switches versions on one device, sees them on another, and branches into a new chat', async () => {
    const laptop = await openDevice()
    await laptop.register('bea@example.com', 'Bea')
    const europe = 'name three rivers in Europe'
    const asia = 'name three rivers in Asia'
    const follow = 'which one is the longest'
    await laptop.send(europe)
    await laptop.waitForAssistantText(expectedEcho(europe))
    await laptop.send(follow)
    await laptop.waitForAssistantText(expectedEcho(follow))

    // Edit the first question: a second version, answered afresh from it alone.
    const question = laptop.messages('user').first()
    await question.hover()
    await question.getByTestId('edit-message').click()
    await laptop.page.getByTestId('edit-input').fill(asia)
    await laptop.page.getByTestId('edit-save').click()
    await laptop.waitForAssistantText(expectedEcho(asia))
    await expect.poll(() => position(laptop.messages('user').first())).toBe('2/2')
    expect(await laptop.messages('user').count(), 'the thread continues from the version shown').toBe(1)
    const asked = requestsWith(asia)
    expect(asked).toHaveLength(1)
    expect(JSON.stringify(asked[0]!.body.messages), 'the model never sees the other version').not.toContain('Europe')

    // Regenerate the answer: the earlier one stays, one switch away.
    const answer = laptop.messages('assistant').last()
    await answer.getByTestId('regenerate').click()
    await expect.poll(() => position(laptop.messages('assistant').last()), { timeout: 30_000 }).toBe('2/2')
    await laptop.waitForAssistantText(expectedEcho(asia))
    await expect.poll(() => requestsWith(asia).length).toBe(2)

    // Back to the first question: the rest of that conversation is there as it was.
    await laptop.messages('user').first().getByTestId('branch-previous').click()
    await expect.poll(() => text(laptop.messages('user').first())).toBe(europe)
    await expect.poll(() => laptop.messages('user').count()).toBe(2)
    expect(await position(laptop.messages('user').first())).toBe('1/2')
    expect(await text(laptop.messages('user').last())).toBe(follow)

    // Another device of the account: the versions and the one shown came with sync.
    const phone = await openDevice()
    await phone.signIn('bea@example.com')
    await phone.threads().first().click()
    await expect.poll(() => position(phone.messages('user').first()), { timeout: 20_000 }).toBe('1/2')
    expect(await text(phone.messages('user').first())).toBe(europe)
    await expect.poll(() => phone.messages('user').count()).toBe(2)

    // A switch there shows on the laptop too, with the version of the answer shown last.
    await phone.messages('user').first().getByTestId('branch-next').click()
    await expect.poll(() => text(phone.messages('user').first())).toBe(asia)
    await expect.poll(() => text(laptop.messages('user').first()), { timeout: 20_000 }).toBe(asia)
    await expect.poll(() => position(laptop.messages('assistant').first())).toBe('2/2')
    // The picture shows the switchers at rest: no button left focused by the clicks above.
    await laptop.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await laptop.messages('assistant').first().hover()
    await screenshot(laptop.page, 'branches')

    // Branch from the answer: a new chat holding the conversation so far, opened at once.
    const url = laptop.page.url()
    await laptop.messages('assistant').first().getByTestId('branch-from-here').click()
    await expect.poll(() => laptop.page.url()).not.toBe(url)
    await expect.poll(() => laptop.threads().first().textContent()).toContain('Branch · ')
    await expect.poll(() => text(laptop.messages('user').first())).toBe(asia)
    expect(await laptop.messages('user').count()).toBe(1)
    expect(await laptop.page.getByTestId('branch-switcher').count(), 'the copy holds one version of each message').toBe(0)
    await expect.poll(() => phone.threads().first().textContent(), { timeout: 20_000 }).toContain('Branch · ')
  })
})
