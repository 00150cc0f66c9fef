import { describe, expect, it } from 'vitest'
import { TEST_MODELS } from '../support/test-llm-server'
import { seriousViolations } from './support/axe'
import { useChatHarness } from './support/chat-harness'
import { newDevice, PASSWORD } from './support/chat-page'
import { screenshot } from './support/screenshots'

/**
 * The deployment admin's page on the embedded default (basic-auth): the first account (the admin)
 * finds it in the sidebar and sees every provider's status and the LLM endpoint with its models;
 * a second account has no link and is told, in a sentence, that the page is the admin's. The
 * admin finds that account by search, creates a reset link and disables it: its next request is
 * refused and it is back at sign-in. Every action leaves one audit line and no secret in the log.
 */
describe('the admin page in a browser', () => {
  const harness = useChatHarness()

  it('shows the deployment, and lets the admin find, reset and disable another account', async () => {
    const admin = await newDevice(await harness.newContext({ viewport: { width: 1280, height: 1000 } }), harness.server.url)
    await admin.register('ada@example.com', 'Ada')

    const member = await newDevice(await harness.newContext(), harness.server.url)
    await member.register('bob@example.com', 'Bob')
    expect(await member.page.getByTestId('admin-link').count()).toBe(0)
    await member.page.goto(`${harness.server.url}/admin`)
    await expect
      .poll(() => member.page.getByTestId('admin-error').textContent(), { timeout: 10_000 })
      .toContain('Only the deployment admin can open this page')
    expect(await member.page.getByTestId('admin-provider').count()).toBe(0)
    await member.page.goto(harness.server.url)
    await member.page.getByTestId('thread-search').waitFor()

    await admin.page.getByTestId('admin-link').click()
    await admin.page.waitForURL(/\/admin$/)
    const providers = admin.page.getByTestId('admin-provider')
    await providers.first().waitFor()
    await expect.poll(() => admin.page.getByTestId('admin-providers').textContent()).toContain('basic-auth')
    const endpoint = admin.page.getByTestId('admin-endpoint').first()
    // The test upstream answers /models, so the endpoint is reachable and lists them.
    await expect.poll(() => endpoint.textContent()).toMatch(/\d+ models/)
    expect(await endpoint.textContent()).toContain(TEST_MODELS[0])
    expect(await admin.page.getByTestId('admin-registration').textContent()).toMatch(/open/i)
    expect(await admin.page.getByTestId('admin-jobs').textContent()).toMatch(/running in this server/)

    // Both accounts are listed; the admin's own row has no actions.
    const users = admin.page.getByTestId('admin-user')
    await expect.poll(() => users.count()).toBe(2)
    await screenshot(admin.page, 'admin')
    await admin.page.getByTestId('admin-user-search').fill('bob')
    await admin.page.getByTestId('admin-user-search').press('Enter')
    await expect.poll(() => users.count()).toBe(1)
    expect(await users.first().textContent()).toContain('bob@example.com')

    await users.first().getByTestId('admin-user-reset-link').click()
    const link = admin.page.getByTestId('admin-reset-link').getByRole('textbox')
    await link.waitFor()
    const resetUrl = await link.inputValue()
    expect(resetUrl).toMatch(/\/reset-password#token=[\w-]{43}$/)

    expect(await seriousViolations(admin.page, 'admin')).toEqual([])

    await users.first().getByTestId('admin-user-disable').click()
    await users.first().getByTestId('admin-user-disabled').waitFor()

    // Bob's next request is refused: reloading brings back the sign-in screen, and signing in says why.
    await member.page.reload()
    await member.page.getByTestId('sign-in-panel').waitFor()
    const panel = member.page.getByTestId('sign-in-panel')
    await panel.getByLabel('Email').fill('bob@example.com')
    await panel.getByLabel('Password').fill(PASSWORD)
    await panel.getByRole('button', { name: /^sign in$/i }).click()
    await member.page.getByText('This account is disabled', { exact: false }).waitFor()

    const log = harness.server.output()
    expect(log).toMatch(/\[or3\] audit: \S+ user\.reset-link \S+/)
    expect(log).toMatch(/\[or3\] audit: \S+ user\.disable \S+/)
    expect(log).not.toContain(resetUrl.split('#token=')[1])
  })

  it('lets the owner of a reset link set a new password and sign in with it', async () => {
    const admin = await newDevice(await harness.newContext(), harness.server.url)
    await admin.signIn('ada@example.com')
    await admin.page.goto(`${harness.server.url}/admin`)
    const users = admin.page.getByTestId('admin-user')
    await admin.page.getByTestId('admin-user-search').fill('bob')
    await admin.page.getByTestId('admin-user-search').press('Enter')
    await expect.poll(() => users.count()).toBe(1)
    await users.first().getByTestId('admin-user-enable').click()
    await users.first().getByTestId('admin-user-reset-link').click()
    const resetUrl = await admin.page.getByTestId('admin-reset-link').getByRole('textbox').inputValue()

    const member = await harness.newContext().then((context) => context.newPage())
    await member.goto(resetUrl)
    await member.getByLabel('New password').fill('a fresh long passphrase')
    await member.getByRole('button', { name: 'Set new password' }).click()
    await member.getByTestId('reset-password-done').waitFor()
    // Single use: the same link is refused the second time.
    await member.goto(`${harness.server.url}/`)
    await member.goto(resetUrl)
    await member.getByLabel('New password').fill('another long passphrase')
    await member.getByRole('button', { name: 'Set new password' }).click()
    await member.getByText('This reset link is not valid any more', { exact: false }).waitFor()
  })
})
