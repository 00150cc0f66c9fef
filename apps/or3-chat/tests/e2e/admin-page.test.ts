import { describe, expect, it } from 'vitest'
import { seriousViolations } from './support/axe'
import { TEST_MODELS } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { newDevice } from './support/chat-page'
import { screenshot } from './support/screenshots'

/**
 * The deployment admin's page on the embedded default: the first account (the admin) finds it in
 * the sidebar and sees every provider's status and the LLM endpoint with its models; a second
 * account has no link and is told, in a sentence, that the page is the admin's.
 */
describe('the admin page in a browser', () => {
  const harness = useChatHarness()

  it('shows providers, endpoints, limits and jobs to the admin and refuses everyone else', async () => {
    const admin = await newDevice(await harness.newContext({ viewport: { width: 1280, height: 900 } }), harness.server.url)
    await admin.register('ada@example.com', 'Ada')
    await admin.page.getByTestId('admin-link').click()
    await admin.page.waitForURL(/\/admin$/)

    const providers = admin.page.getByTestId('admin-provider')
    await providers.first().waitFor()
    expect(await providers.count()).toBeGreaterThan(0)
    await expect.poll(() => admin.page.getByTestId('admin-providers').textContent()).toContain('basic-auth')

    const endpoint = admin.page.getByTestId('admin-endpoint').first()
    await endpoint.waitFor()
    // The test upstream answers /models, so the endpoint is reachable and lists them.
    await expect.poll(() => endpoint.textContent()).toMatch(/\d+ models/)
    expect(await endpoint.textContent()).toContain(TEST_MODELS[0])
    expect(await admin.page.getByTestId('admin-registration').textContent()).toMatch(/open/i)
    expect(await admin.page.getByTestId('admin-jobs').textContent()).toMatch(/running in this server/)

    expect(await seriousViolations(admin.page, 'admin')).toEqual([])
    await screenshot(admin.page, 'admin')

    const member = await newDevice(await harness.newContext(), harness.server.url)
    await member.register('bob@example.com', 'Bob')
    expect(await member.page.getByTestId('admin-link').count()).toBe(0)
    await member.page.goto(`${harness.server.url}/admin`)
    await expect
      .poll(() => member.page.getByTestId('admin-error').textContent(), { timeout: 10_000 })
      .toContain('Only the deployment admin can open this page')
    expect(await member.page.getByTestId('admin-provider').count()).toBe(0)
  })
})
