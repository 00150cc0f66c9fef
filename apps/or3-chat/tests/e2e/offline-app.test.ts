import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectedEcho } from '../support/test-llm-server'
import { useChatHarness } from './support/chat-harness'
import { newDevice } from './support/chat-page'
import { watchCspViolations } from './support/csp-violations'
import { screenshot } from './support/screenshots'

/** Resolves once this page's origin has an activated service worker (its precache is complete). */
const workerReady = (page: Page) =>
  page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active!
    if (worker.state !== 'activated') {
      await new Promise((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(null)))
    }
    return worker.state
  })

/**
 * The installed app without a network: after one visit, a reload with the browser offline opens
 * OR3 from the service worker with the device's local data; a message written offline waits in
 * the outbox and reaches the server (and another device) once the browser is back online.
 */
describe('the app offline', () => {
  const harness = useChatHarness({ chunkDelayMs: 5 })

  it('serves a manifest and icons rendered from the logo, and registers a worker that leaves /api alone', async () => {
    const manifest = await (await fetch(`${harness.server.url}/manifest.webmanifest`)).json()
    expect(manifest).toMatchObject({ name: 'OR3 Chat', short_name: 'OR3', display: 'standalone', start_url: '/' })
    const sizes = manifest.icons.map((icon: { sizes: string; purpose?: string }) => `${icon.sizes}${icon.purpose ? ` ${icon.purpose}` : ''}`)
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512 maskable']))
    for (const icon of manifest.icons) {
      const response = await fetch(`${harness.server.url}/${icon.src}`)
      expect(response.headers.get('content-type')).toBe('image/png')
      expect([...new Uint8Array(await response.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47])
    }

    const context = await harness.newContext()
    const page = await context.newPage()
    await page.goto(harness.server.url)
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest')
    expect(await workerReady(page)).toBe('activated')
    // Once the worker controls the page, an API request still reaches the server, uncached.
    await page.reload()
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/auth/session')
      const cached: string[] = []
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) cached.push(new URL(request.url).pathname)
      return { status: response.status, cached }
    })
    expect(answer.status).toBe(200)
    expect(answer.cached).toContain('/app-shell')
    expect(answer.cached.filter((path) => path.startsWith('/api/'))).toEqual([])
  })

  it('opens with no network, shows an old thread, and syncs a message written offline when back online', async () => {
    const context = await harness.newContext({ viewport: { width: 1280, height: 800 } })
    const { violations, consoleErrors } = await watchCspViolations(context)
    const laptop = await newDevice(context, harness.server.url)
    await laptop.register('offline@example.com', 'Traveller')
    await laptop.send('A question asked while online')
    await laptop.waitForAssistantText(expectedEcho('A question asked while online'))
    await expect.poll(() => laptop.page.getByTestId('sync-status').textContent(), { timeout: 20_000 }).toMatch(/synced/i)
    expect(await workerReady(laptop.page)).toBe('activated')

    // A cold start without a network: the worker answers the navigation with the app shell.
    await context.setOffline(true)
    await laptop.page.reload()
    await laptop.page.getByTestId('new-chat').waitFor()
    await expect.poll(() => laptop.page.getByTestId('sync-status').textContent(), { timeout: 20_000 }).toMatch(/offline/i)
    await laptop.threads().first().click()
    await laptop.messages('user').filter({ hasText: 'A question asked while online' }).waitFor()
    await laptop.waitForAssistantText(expectedEcho('A question asked while online'))

    // Written offline: kept on the device, waiting to sync.
    await laptop.send('Written on the train')
    await laptop.messages('user').filter({ hasText: 'Written on the train' }).waitFor()
    await expect.poll(() => laptop.page.getByTestId('sync-status').textContent(), { timeout: 20_000 }).toMatch(/offline · \d+/i)
    await screenshot(laptop.page, 'offline', /offline/i)
    // The shell from the worker runs under the policy it was served with, nonce and all.
    expect(violations).toEqual([])
    expect(consoleErrors).toEqual([])

    // Back online: the outbox drains, and another device sees the message.
    await context.setOffline(false)
    await expect.poll(() => laptop.page.getByTestId('sync-status').textContent(), { timeout: 30_000 }).toMatch(/synced/i)
    const phone = await newDevice(await harness.newContext(), harness.server.url)
    await phone.signIn('offline@example.com')
    await phone.threads().first().click()
    await phone.messages('user').filter({ hasText: 'Written on the train' }).waitFor({ timeout: 30_000 })
  })
})
