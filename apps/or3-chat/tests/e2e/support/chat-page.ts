import type { BrowserContext, Locator, Page } from 'playwright-core'

export const PASSWORD = 'a long enough passphrase'

/** The toast core shows once a sign-out has removed the account's data from the browser. */
export const SIGNED_OUT_AND_REMOVED = "Signed out, and this account's data was removed from this browser"

/** A 1×1 red PNG, so an image attachment needs no file on disk. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
)

/** What a person does on the chat screens, by the labels and test ids the UI shows. */
export function chatPage(page: Page) {
  const composer = () => page.locator('textarea[data-testid="composer-input"], [data-testid="composer-input"] textarea').first()
  return {
    page,
    async register(email: string, displayName: string) {
      const panel = page.getByTestId('sign-in-panel')
      await panel.getByRole('tab', { name: /create account/i }).click()
      await panel.getByLabel('Email').fill(email)
      await panel.getByLabel('Display name').fill(displayName)
      await panel.getByLabel('Password').fill(PASSWORD)
      await panel.getByRole('button', { name: /create account/i }).click()
      await page.getByTestId('new-chat').waitFor()
    },
    async signIn(email: string) {
      const panel = page.getByTestId('sign-in-panel')
      await panel.getByLabel('Email').fill(email)
      await panel.getByLabel('Password').fill(PASSWORD)
      await panel.getByRole('button', { name: /^sign in$/i }).click()
      await page.getByTestId('new-chat').waitFor()
    },
    async send(text: string, attachment?: { name: string; mimeType: string; buffer: Buffer }) {
      if (attachment) {
        await page.getByTestId('attach-input').setInputFiles(attachment)
        await page.getByTestId('attachment-chip').first().waitFor()
      }
      await composer().fill(text)
      await page.getByTestId('send-button').click()
    },
    /** Signs out through the user menu and core's sign-out dialog, removing this device's data or not. */
    async signOut(displayName: string, options: { removeData: boolean }) {
      await page.getByRole('button', { name: displayName, exact: true }).click()
      await page.getByRole('menuitem', { name: 'Sign out' }).click()
      const dialog = page.getByTestId('sign-out-dialog')
      await dialog.waitFor()
      if (options.removeData) await dialog.getByRole('checkbox', { name: /remove this account's data/ }).click()
      await page.getByTestId('sign-out-confirm').click()
      await page.getByTestId('sign-in-panel').waitFor()
      // The data goes after the sign-in screen is back; the app says when it is gone.
      if (options.removeData) await page.getByText(SIGNED_OUT_AND_REMOVED, { exact: true }).waitFor()
    },
    /** The IndexedDB databases of this browser profile. */
    databases: (): Promise<string[]> =>
      page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? '').sort()),
    messages: (role: 'user' | 'assistant'): Locator => page.locator(`[data-testid="message"][data-role="${role}"]`),
    threads: (): Locator => page.getByTestId('thread-item'),
    async waitForAssistantText(text: string) {
      await page
        .locator('[data-testid="message"][data-role="assistant"]:not([data-status="streaming"])')
        .filter({ hasText: text })
        .first()
        .waitFor({ timeout: 30_000 })
    },
  }
}

export async function newDevice(context: BrowserContext, url: string) {
  const page = await context.newPage()
  await page.goto(url)
  return chatPage(page)
}
