import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedHost, type EmbeddedServer } from '../integration/support/embedded-host'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { launchBrowser } from './support/browser'
import { newDevice, SIGNED_OUT_AND_REMOVED, type chatPage } from './support/chat-page'

type Device = ReturnType<typeof chatPage>

const KEY = 'sk-or-v1-e2e-own-key-0123456789'

/**
 * What one browser keeps of an account: settings that follow the user (not the workspace, never
 * another account's), and sign-out that removes this device's copy when asked. Each test uses
 * its own browser profile.
 */
describe("this device's copy of an account", () => {
  let llm: TestLlmServer
  let server: EmbeddedServer
  let browser: Browser

  beforeAll(async () => {
    llm = startTestLlmServer()
    server = await startEmbeddedHost({ OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'e2e-key', OR3_LLM_DEFAULT_MODEL: 'test/echo' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await llm?.stop()
  })

  async function saveKey(device: Device) {
    await device.page.getByTestId('settings-button').click()
    await device.page.getByTestId('api-key-input').locator('input').or(device.page.locator('input[data-testid="api-key-input"]')).first().fill(KEY)
    await device.page.getByTestId('save-api-key').click()
    await expect.poll(() => device.page.getByTestId('settings-modal').textContent()).toContain(KEY.slice(-4))
    await device.page.keyboard.press('Escape')
  }

  async function settingsText(device: Device) {
    await device.page.getByTestId('settings-button').click()
    const modal = device.page.getByTestId('settings-modal')
    await modal.waitFor()
    const text = (await modal.textContent()) ?? ''
    await device.page.keyboard.press('Escape')
    return text
  }

  it("keeps the user's key for that user on this browser, across workspaces, and never shows it to another account", async () => {
    const device = await newDevice(await browser.newContext(), server.url)
    await device.register('keyholder@example.com', 'Keyholder')
    await saveKey(device)
    expect(await device.page.getByTestId('api-key-storage').textContent()).toContain('for your account only')
    await device.send('with my own key')
    await device.waitForAssistantText(expectedEcho('with my own key'))
    expect(llm.chatRequests().at(-1)?.authorization).toBe(`Bearer ${KEY}`)

    // Another workspace of the same user: the key follows the user, not the workspace.
    await device.page.evaluate(async () => {
      const post = (path: string, body: unknown) =>
        fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const { workspace } = await (await post('/api/workspaces', { name: 'Second' })).json()
      await post('/api/workspaces/active', { workspaceId: workspace.id })
    })
    await device.page.reload()
    await expect.poll(() => device.page.getByTestId('workspace-switcher').textContent(), { timeout: 20_000 }).toContain('Second')
    expect(await settingsText(device)).toContain(KEY.slice(-4))

    await device.signOut('Keyholder', { removeData: false })
    await device.register('other@example.com', 'Other')
    expect(await settingsText(device)).not.toContain(KEY.slice(-4))
    await device.send('with the server key')
    await device.waitForAssistantText(expectedEcho('with the server key'))
    expect(llm.chatRequests().at(-1)?.authorization).toBe('Bearer e2e-key')

    await device.signOut('Other', { removeData: false })
    await device.signIn('keyholder@example.com')
    expect(await settingsText(device)).toContain(KEY.slice(-4))
  })

  it("keeps this device's data on a plain sign-out, and removes exactly this account's on request", async () => {
    const device = await newDevice(await browser.newContext(), server.url)
    await device.register('shared-pc@example.com', 'Shared')
    await device.send('something private')
    await device.waitForAssistantText(expectedEcho('something private'))
    await saveKey(device)
    const ids = await device.page.evaluate(async () => {
      const session = await (await fetch('/api/auth/session')).json()
      return { user: session.user.id as string, workspace: session.workspace.id as string }
    })
    const mine = [`or3-user-${ids.user}`, `or3-ws-${ids.workspace}`]
    expect(await device.databases()).toEqual(expect.arrayContaining(mine))

    await device.signOut('Shared', { removeData: false })
    expect(await device.databases()).toEqual(expect.arrayContaining(mine))

    // Another account on the same browser: its data must survive the first one's removal.
    await device.register('neighbour@example.com', 'Neighbour')
    await device.send('the neighbour writes')
    await device.waitForAssistantText(expectedEcho('the neighbour writes'))
    await device.signOut('Neighbour', { removeData: false })
    const before = await device.databases()

    await device.signIn('shared-pc@example.com')
    await device.page.getByRole('button', { name: 'Shared', exact: true }).click()
    await device.page.getByRole('menuitem', { name: 'Sign out' }).click()
    await expect.poll(() => device.page.getByTestId('sign-out-what-stays').textContent()).toContain('Anyone using this browser profile')
    await device.page.getByRole('checkbox', { name: /remove this account's data/ }).click()
    await expect.poll(() => device.page.getByTestId('sign-out-what-stays').textContent()).toContain('Nothing of this account stays')
    await device.page.getByTestId('sign-out-confirm').click()
    await device.page.getByTestId('sign-in-panel').waitFor()
    await device.page.getByText(SIGNED_OUT_AND_REMOVED, { exact: true }).waitFor()

    expect(await device.databases()).toEqual(before.filter((name) => !mine.includes(name)))
    // Signing in again brings the synced chats back from the server.
    await device.signIn('shared-pc@example.com')
    await expect.poll(() => device.threads().count(), { timeout: 20_000 }).toBe(1)
  })
})
