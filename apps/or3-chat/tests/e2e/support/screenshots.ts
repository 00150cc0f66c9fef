import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** Set by `bun run screenshots` to refresh the pictures in docs/. */
const SCREENSHOT_DIR = process.env.OR3_SCREENSHOT_DIR

/**
 * A picture for the docs, taken only when `bun run screenshots` asks for them. `syncState` is what
 * the sync badge must say first (a picture of the app offline waits for "Offline").
 */
export async function screenshot(page: Page, name: string, syncState: RegExp = /synced/i) {
  if (!SCREENSHOT_DIR) return
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  // Pictures for the docs show a settled screen: synced, nothing loading.
  // On a phone the folded-away sidebar is in the page too: either copy tells the same state.
  const status = page.getByTestId('sync-status').first()
  if (await status.count()) await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(syncState)
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
}
