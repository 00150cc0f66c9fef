import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectedEcho } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { newDevice } from './support/chat-page'
import { screenshot } from './support/screenshots'

/** An input of the thread settings popover, by its test id (Nuxt UI puts the id on the input or its wrapper). */
function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
}

async function fillSettings(page: Page, values: { temperature: string; maxTokens: string; topP: string }) {
  await field(page, 'model-temperature-input').fill(values.temperature)
  await field(page, 'model-max-tokens-input').fill(values.maxTokens)
  await field(page, 'model-top-p-input').fill(values.topP)
}

describe('model settings per thread in a browser', () => {
  const harness = useChatHarness()

  const requestWith = (text: string) => harness.llm.chatRequests().find((request) => JSON.stringify(request.body.messages).includes(text))

  it('sends the temperature, max tokens and top-p set on a thread, and a picked preset, to the upstream', async () => {
    const context = await harness.newContext({ viewport: { width: 1280, height: 860 } })
    const device = await newDevice(context, harness.server.url)
    const { page } = device
    await device.register('tuner@example.com', 'Tuner')
    await device.send('a first question')
    await device.waitForAssistantText(expectedEcho('a first question'))
    expect(requestWith('a first question')!.body).not.toHaveProperty('temperature')

    // Two presets, then the thread's own settings.
    await page.getByTestId('thread-settings').click()
    await fillSettings(page, { temperature: '1.2', maxTokens: '50', topP: '' })
    await field(page, 'preset-name-input').fill('Creative')
    await page.getByTestId('save-preset').click()
    await page.getByTestId('model-preset').filter({ hasText: 'Creative' }).waitFor()
    await fillSettings(page, { temperature: '0.3', maxTokens: '123', topP: '0.9' })
    await field(page, 'preset-name-input').fill('Precise')
    await page.getByTestId('save-preset').click()
    await page.getByTestId('model-preset').filter({ hasText: 'Precise' }).waitFor()
    // An out-of-range value is refused in words before anything is saved.
    await field(page, 'model-temperature-input').fill('3')
    await page.getByTestId('thread-settings-save').click()
    await expect.poll(() => page.getByTestId('model-settings-error').textContent()).toContain('Temperature must be between 0 and 2')
    await field(page, 'model-temperature-input').fill('0.3')
    await page.getByTestId('model-settings-error').waitFor({ state: 'detached' })
    await screenshot(page, 'model-settings')
    await page.getByTestId('thread-settings-save').click()
    await expect.poll(() => page.getByTestId('thread-model-settings').textContent()).toBe('temp 0.3 · top-p 0.9 · max 123 tokens')

    await device.send('a tuned question')
    await device.waitForAssistantText(expectedEcho('a tuned question'))
    expect(requestWith('a tuned question')!.body).toMatchObject({ temperature: 0.3, max_tokens: 123, top_p: 0.9 })

    // Picking a preset fills the form with its values; saving makes them the thread's.
    await page.getByTestId('thread-settings').click()
    await page.getByTestId('model-preset').filter({ hasText: 'Creative' }).click()
    expect(await field(page, 'model-temperature-input').inputValue()).toBe('1.2')
    await page.getByTestId('thread-settings-save').click()
    await expect.poll(() => page.getByTestId('thread-model-settings').textContent()).toBe('temp 1.2 · max 50 tokens')
    await device.send('a creative question')
    await device.waitForAssistantText(expectedEcho('a creative question'))
    const creative = requestWith('a creative question')!.body
    expect(creative).toMatchObject({ temperature: 1.2, max_tokens: 50 })
    expect(creative).not.toHaveProperty('top_p')

    // The settings and presets sync: another device of the user sees them.
    const phone = await newDevice(await harness.newContext({ viewport: { width: 1280, height: 860 } }), harness.server.url)
    await phone.signIn('tuner@example.com')
    await expect.poll(() => phone.threads().count(), { timeout: 20_000 }).toBe(1)
    await phone.threads().first().click()
    await expect.poll(() => phone.page.getByTestId('thread-model-settings').textContent(), { timeout: 20_000 }).toBe('temp 1.2 · max 50 tokens')
    await phone.page.getByTestId('thread-settings').click()
    await expect.poll(() => phone.page.getByTestId('model-preset').allTextContents(), { timeout: 20_000 }).toEqual(['Creative', 'Precise'])
  })
})

describe('several model endpoints in a browser', () => {
  const USER_KEY = 'sk-user-key-for-hosted'
  const harness = useChatHarness({
    extraUpstreams: [{ models: ['local/llama', 'local/qwen'] }],
    env: ([hosted, local]) => ({
      OR3_LLM_ENDPOINTS: 'hosted,local',
      OR3_LLM_HOSTED_BASE_URL: hosted!.baseUrl,
      OR3_LLM_HOSTED_API_KEY: 'hosted-instance-key',
      OR3_LLM_HOSTED_LABEL: 'Hosted API',
      OR3_LLM_LOCAL_BASE_URL: local!.baseUrl,
      OR3_LLM_LOCAL_API_KEY: 'local-instance-key',
      OR3_LLM_LOCAL_LABEL: 'Local Ollama',
      OR3_LLM_DEFAULT_MODEL: 'test/echo',
    }),
  })

  it('groups both endpoints’ models in the picker, and sends each model to its own endpoint with its key', async () => {
    const hosted = harness.llm
    const local = harness.extraUpstreams[0]!
    const context = await harness.newContext({ viewport: { width: 1280, height: 860 } })
    const device = await newDevice(context, harness.server.url)
    const { page } = device
    await device.register('two-endpoints@example.com', 'Two')

    // The user's own key, for the hosted endpoint (the default one).
    await page.getByTestId('settings-button').click()
    await field(page, 'api-key-input').fill(USER_KEY)
    await page.getByTestId('save-api-key').click()
    await expect.poll(() => page.getByTestId('settings-modal').textContent()).toContain(USER_KEY.slice(-4))
    await expect.poll(() => page.getByTestId('api-key-endpoint').textContent()).toContain('Hosted API')
    await page.keyboard.press('Escape')

    await page.getByTestId('model-picker').first().click()
    const listbox = page.getByRole('listbox')
    await expect.poll(() => listbox.textContent(), { timeout: 20_000 }).toMatch(/Hosted API.*Echo \(test double\).*test\/other.*Local Ollama.*local\/llama.*local\/qwen/)
    await screenshot(page, 'model-endpoints')
    await page.getByRole('option', { name: 'local/llama' }).click()
    await listbox.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('model-picker').first().textContent()).toContain('local/llama')
    await device.send('a question for the local model')
    await device.waitForAssistantText(expectedEcho('a question for the local model'))

    const toLocal = local.chatRequests().find((request) => JSON.stringify(request.body.messages).includes('a question for the local model'))!
    expect(toLocal.body.model).toBe('local/llama')
    expect(toLocal.authorization).toBe('Bearer local-instance-key')
    expect(hosted.chatRequests().some((request) => JSON.stringify(request.body.messages).includes('for the local model'))).toBe(false)
    // The hosted endpoint's user key never reached the local upstream, for any request (models, answers, titles).
    expect(local.requests.length).toBeGreaterThan(0)
    expect(local.requests.map((request) => request.authorization)).not.toContain(`Bearer ${USER_KEY}`)

    // A model of the hosted endpoint goes there, with the user's key for it.
    await page.getByTestId('model-picker').first().click()
    await page.getByRole('option', { name: /Echo \(test double\)/ }).click()
    await listbox.waitFor({ state: 'hidden' })
    await device.send('a question for the hosted model')
    await device.waitForAssistantText(expectedEcho('a question for the hosted model'))
    const toHosted = hosted.chatRequests().find((request) => JSON.stringify(request.body.messages).includes('a question for the hosted model'))!
    expect(toHosted.body.model).toBe('test/echo')
    expect(toHosted.authorization).toBe(`Bearer ${USER_KEY}`)
    expect(local.requests.map((request) => request.authorization)).not.toContain(`Bearer ${USER_KEY}`)
  })
})
