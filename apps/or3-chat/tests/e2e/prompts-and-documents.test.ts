import { describe, expect, it } from 'vitest'
import { expectedEcho } from '../support/test-llm-server'
import { tinyPdf } from '../support/tiny-pdf'
import { useChatHarness } from './support/chat-harness'
import { newDevice } from './support/chat-page'
import { screenshot } from './support/screenshots'

/** The server's configured largest file (OR3_STORAGE_MAX_FILE_MB), small so the test can go over it. */
const MAX_FILE_MB = 1

/**
 * The prompt library and documents as a user meets them: save a prompt and a system-prompt
 * preset, pick them with `/` in the composer and send; attach a real PDF and see its text reach
 * the upstream; attach a file over the server's limit and be told that limit.
 */
describe('prompt library and documents in a browser', () => {
  const harness = useChatHarness({ env: { OR3_STORAGE_MAX_FILE_MB: String(MAX_FILE_MB) } })

  async function openDevice(name: string) {
    const context = await harness.newContext({ viewport: { width: 1280, height: 800 } })
    const device = await newDevice(context, harness.server.url)
    await device.register(`${name.toLowerCase()}@example.com`, name)
    return device
  }

  const requestWith = (text: string) => harness.llm.chatRequests().find((request) => JSON.stringify(request.body).includes(text))

  it('saves a prompt and a preset, picks them with / and sends: the prompt as the message, the preset as the system message', async () => {
    const device = await openDevice('Prompter')
    const { page } = device
    await page.getByTestId('prompt-library-button').click()
    const library = page.getByTestId('prompt-library')
    await library.waitFor()
    await library.getByTestId('prompt-title-input').fill('Haiku')
    await library.getByTestId('prompt-content-input').fill('Write a haiku about the winter sea')
    await library.getByTestId('prompt-save').click()
    await library.getByTestId('saved-prompt').filter({ hasText: 'Haiku' }).waitFor()
    // The form empties once the save is done.
    await expect.poll(() => library.getByTestId('prompt-title-input').inputValue(), { timeout: 10_000 }).toBe('')
    await library.getByText('System prompt', { exact: true }).first().click()
    await library.getByTestId('prompt-title-input').fill('Pirate')
    await library.getByTestId('prompt-content-input').fill('Answer like a pirate, briefly.')
    await library.getByTestId('prompt-save').click()
    await expect.poll(() => library.getByTestId('saved-prompt').count(), { timeout: 10_000 }).toBe(2)
    await screenshot(page, 'prompt-library')
    await page.keyboard.press('Escape')
    await library.waitFor({ state: 'hidden' })

    // `/` lists both; a word narrows it; Enter picks the highlighted one into the message.
    const composer = page.locator('[data-testid="composer-input"] textarea, textarea[data-testid="composer-input"]').first()
    await composer.click()
    await composer.pressSequentially('/')
    const menu = page.getByTestId('slash-menu')
    await expect.poll(() => menu.getByTestId('slash-menu-item').count(), { timeout: 10_000 }).toBe(2)
    await composer.pressSequentially('hai')
    await expect.poll(() => menu.getByTestId('slash-menu-item').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('Haiku')])
    await screenshot(page, 'prompt-slash-menu')
    await composer.press('Enter')
    await expect.poll(() => composer.inputValue(), { timeout: 10_000 }).toBe('Write a haiku about the winter sea')
    await expect(menu.count()).resolves.toBe(0)
    await page.getByTestId('send-button').click()
    await device.waitForAssistantText(expectedEcho('Write a haiku about the winter sea'))
    const sent = requestWith('Write a haiku about the winter sea')!
    expect(sent.body.messages.at(-1)).toEqual({ role: 'user', content: 'Write a haiku about the winter sea' })
    expect(sent.body.messages.some((message: { role: string }) => message.role === 'system')).toBe(false)

    // A new chat with the preset: picked with the mouse, shown above the text, sent as the system message.
    await page.getByTestId('new-chat').click()
    await composer.click()
    await composer.pressSequentially('/pir')
    await menu.getByTestId('slash-menu-item').filter({ hasText: 'Pirate' }).click()
    await expect.poll(() => page.getByTestId('pending-system-prompt').textContent(), { timeout: 10_000 }).toContain('System prompt: Pirate')
    await device.send('where is the treasure buried')
    await device.waitForAssistantText(expectedEcho('where is the treasure buried'))
    const withPreset = requestWith('where is the treasure buried')!
    expect(withPreset.body.messages[0]).toEqual({ role: 'system', content: 'Answer like a pirate, briefly.' })
    expect(withPreset.body.messages.at(-1)).toEqual({ role: 'user', content: 'where is the treasure buried' })
    // The chat keeps it: its settings show the preset's text.
    await page.getByTestId('thread-settings').click()
    await expect.poll(() => page.getByTestId('system-prompt-input').inputValue(), { timeout: 10_000 }).toBe('Answer like a pirate, briefly.')
    // The settings offer the presets too: one click fills the chat's system prompt in.
    await page.getByTestId('system-prompt-input').fill('')
    await page.getByTestId('system-prompt-presets').getByRole('button', { name: 'Pirate' }).click()
    await expect.poll(() => page.getByTestId('system-prompt-input').inputValue(), { timeout: 10_000 }).toBe('Answer like a pirate, briefly.')
  })

  it("sends a PDF's text, read in the browser, to the upstream", async () => {
    const device = await openDevice('Reader')
    const pdf = tinyPdf([['Quarterly report (draft)', 'Revenue rose by 12 percent'], ['Outlook: steady growth in the north']])
    await device.send('Summarise the attached report', { name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf })
    await expect.poll(() => device.messages('assistant').last().getAttribute('data-status'), { timeout: 30_000 }).toBe('complete')
    const parts = requestWith('Summarise the attached report')!.body.messages.at(-1).content as Array<{ type: string; text?: string }>
    expect(parts).toEqual([
      { type: 'text', text: 'Summarise the attached report' },
      {
        type: 'text',
        text: 'Text of the attached PDF "report.pdf":\n```\nQuarterly report (draft)\nRevenue rose by 12 percent\n\nOutlook: steady growth in the north\n```',
      },
    ])
    await screenshot(device.page, 'pdf-attachment')
  })

  it("refuses a file over the server's configured limit in the browser, naming that limit", async () => {
    const device = await openDevice('Hoarder')
    const { page } = device
    const big = Buffer.alloc(Math.round(1.5 * 1024 * 1024), 'a')
    await page.getByTestId('attach-input').setInputFiles({ name: 'big-notes.txt', mimeType: 'text/plain', buffer: big })
    await page.getByText(`big-notes.txt is 1.5 MB, over this server's limit of ${MAX_FILE_MB} MB per file. Attach a smaller file.`).waitFor()
    expect(await page.getByTestId('attachment-chip').count()).toBe(0)
    await screenshot(page, 'attachment-too-large')
    // A file within the limit is taken.
    await page.getByTestId('attach-input').setInputFiles({ name: 'small-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('fine') })
    await page.getByTestId('attachment-chip').first().waitFor()
  })
})
