import { describe, expect, it } from 'vitest'
import { cleanTitle } from '../../server/core/llm/generate-title'
import { describeTokenUsage } from '../../app/core/chat/token-usage-view'
import { expectedEcho, expectedUsage } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { newDevice } from './support/chat-page'
import { screenshot } from './support/screenshots'

/**
 * Generated titles and token usage as a user sees them, on the embedded default with background
 * generation off (answers stream in the foreground, where the upstream's usage reaches the page).
 */
describe('titles and token usage in a browser', () => {
  const harness = useChatHarness({ env: { OR3_BACKGROUND_ENABLED: 'false' } })

  async function openDevice() {
    const context = await harness.newContext({ viewport: { width: 1280, height: 800 } })
    return newDevice(context, harness.server.url)
  }

  it('titles a thread after its first answer, shows tokens per answer and per thread, and a rename wins on every device', async () => {
    const laptop = await openDevice()
    await laptop.register('tina@example.com', 'Tina')
    const first = 'which houseplants cope with a dark hallway'
    await laptop.send(first)
    await laptop.waitForAssistantText(expectedEcho(first))

    const answerRequest = harness.llm.chatRequests().find((request) => JSON.stringify(request.body).includes(first))!
    const firstUsage = expectedUsage(answerRequest.body)
    const answer = laptop.messages('assistant').first()
    await expect.poll(() => answer.getByTestId('message-usage').textContent(), { timeout: 10_000 }).toContain(describeTokenUsage(firstUsage).short)

    // The title request went to the upstream; the sidebar and the header show what it answered.
    await expect.poll(() => harness.llm.titleRequests().length, { timeout: 10_000 }).toBe(1)
    const titleRequest = harness.llm.titleRequests()[0]!
    const generated = cleanTitle(expectedEcho(titleRequest.body.messages[1].content))!
    await expect.poll(() => laptop.threads().first().textContent(), { timeout: 10_000 }).toContain(generated)

    const second = 'and which ones need sun'
    await laptop.send(second)
    await laptop.waitForAssistantText(expectedEcho(second))
    const secondRequest = harness.llm.chatRequests().find((request) => JSON.stringify(request.body).includes(second))!
    const secondUsage = expectedUsage(secondRequest.body)
    const total = { input: firstUsage.input + secondUsage.input, output: firstUsage.output + secondUsage.output }
    await expect.poll(() => laptop.page.getByTestId('thread-usage').textContent(), { timeout: 10_000 }).toContain(describeTokenUsage(total).short)
    expect(harness.llm.titleRequests(), 'one title per thread').toHaveLength(1)
    await laptop.messages('assistant').last().hover()
    await screenshot(laptop.page, 'titles-and-usage')

    // The user's own title, then a second device: it sees the rename and the usage of each answer.
    await laptop.threads().first().hover()
    await laptop.threads().first().getByTestId('thread-menu').click()
    await laptop.page.getByRole('menuitem', { name: 'Rename' }).click()
    const input = laptop.threads().first().locator('input')
    await input.fill('Hallway plants')
    await input.press('Enter')
    await expect.poll(() => laptop.threads().first().textContent()).toContain('Hallway plants')

    const phone = await openDevice()
    await phone.signIn('tina@example.com')
    await expect.poll(() => phone.threads().first().textContent(), { timeout: 20_000 }).toContain('Hallway plants')
    await phone.threads().first().click()
    await expect.poll(() => phone.page.getByTestId('thread-usage').textContent(), { timeout: 20_000 }).toContain(describeTokenUsage(total).short)
    await expect.poll(() => phone.messages('assistant').first().getByTestId('message-usage').textContent()).toContain(describeTokenUsage(firstUsage).short)
  })
})

/** The same figures when the server generates answers as background jobs (the embedded default). */
describe('token usage of background answers in a browser', () => {
  const harness = useChatHarness()

  it('shows the tokens a background answer cost, on the device that asked and on another one', async () => {
    const laptop = await newDevice(await harness.newContext({ viewport: { width: 1280, height: 800 } }), harness.server.url)
    await laptop.register('bea@example.com', 'Bea')
    const prompt = 'which ferns like a north window'
    await laptop.send(prompt)
    await laptop.waitForAssistantText(expectedEcho(prompt))
    const request = harness.llm.chatRequests().find((entry) => JSON.stringify(entry.body).includes(prompt))!
    const usage = describeTokenUsage(expectedUsage(request.body)).short
    await expect.poll(() => laptop.messages('assistant').first().getByTestId('message-usage').textContent(), { timeout: 10_000 }).toContain(usage)

    const phone = await newDevice(await harness.newContext({ viewport: { width: 1280, height: 800 } }), harness.server.url)
    await phone.signIn('bea@example.com')
    await phone.threads().first().click()
    await expect.poll(() => phone.messages('assistant').first().getByTestId('message-usage').textContent(), { timeout: 20_000 }).toContain(usage)
  })
})
