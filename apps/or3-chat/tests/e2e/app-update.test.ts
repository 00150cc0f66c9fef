import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useChatHarness } from './support/chat-harness'
import { screenshot } from './support/screenshots'

/**
 * The server as a browser would see it after a redeployment: requests pass through unchanged,
 * until `deploy()`, from when /sw.js is the worker of a new build (its app shell has a new
 * revision, which is what a rebuild changes in sw.js).
 */
function startDeploymentProxy(target: () => string) {
  let newRevision: string | null = null
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(request) {
      const url = new URL(request.url)
      const headers = new Headers(request.headers)
      // Plain bodies, so what is passed on is exactly what was read.
      headers.set('accept-encoding', 'identity')
      // The new worker is a new file: the browser's revalidation of the old one must not get a 304.
      if (url.pathname === '/sw.js' && newRevision) for (const name of ['if-none-match', 'if-modified-since']) headers.delete(name)
      const upstream = await fetch(`${target()}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
        redirect: 'manual',
      })
      if (url.pathname !== '/sw.js' || !newRevision) return new Response(upstream.body, { status: upstream.status, headers: upstream.headers })
      const worker = (await upstream.text()).replace(/(url:"\/app-shell",revision:")[^"]+/, `$1${newRevision}`)
      return new Response(worker, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' } })
    },
  })
  return {
    url: `http://127.0.0.1:${server.port}`,
    deploy() {
      newRevision = randomUUID()
      return newRevision
    },
    stop: () => server.stop(true),
  }
}

/** The revisions of the app shell in the precache (Workbox keys an entry by its revision). */
const shellRevisions = (page: Page) =>
  page.evaluate(async () => {
    const revisions: string[] = []
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        const url = new URL(request.url)
        if (url.pathname === '/app-shell') revisions.push(url.searchParams.get('__WB_REVISION__') ?? '')
      }
    }
    return revisions
  })

/** Whether a new worker is installed and waiting for this page to let it take over. */
const workerWaiting = (page: Page) => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))

/**
 * A new deployment reaches an open tab as a visible "reload to update" prompt, and only the
 * person's choice switches the page and its worker to the new build together.
 */
describe('a new deployment', () => {
  const harness = useChatHarness()
  let proxy: ReturnType<typeof startDeploymentProxy>

  beforeAll(() => {
    proxy = startDeploymentProxy(() => harness.server.url)
  })
  afterAll(() => proxy?.stop())

  it('is offered with a reload-to-update prompt, and taken only when the person reloads', async () => {
    const context = await harness.newContext()
    const page = await context.newPage()
    await page.goto(proxy.url)
    await page.evaluate(() => navigator.serviceWorker.ready)
    // A returning visit: the page is one the worker controls (a worker with no page to keep
    // stable would let a new one take over at once).
    await page.reload()
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
    await expect.poll(() => shellRevisions(page), { timeout: 20_000 }).toHaveLength(1)
    const [firstRevision] = await shellRevisions(page)
    const prompt = page.getByTestId('update-prompt')
    expect(await prompt.count()).toBe(0)

    const newRevision = proxy.deploy()
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update())
    await prompt.waitFor({ timeout: 20_000 })
    expect(await prompt.textContent()).toContain('A new version of OR3 is ready')
    await screenshot(page, 'update-prompt')
    // Until the person chooses, the new worker waits: the open tab keeps the build it started with.
    expect(await workerWaiting(page)).toBe(true)
    expect(await shellRevisions(page)).toEqual(expect.arrayContaining([firstRevision, newRevision]))

    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()])
    // The new worker took over and dropped the old build's shell.
    await expect.poll(() => shellRevisions(page), { timeout: 20_000 }).toEqual([newRevision])
    expect(await workerWaiting(page)).toBe(false)
    await page.getByTestId('sign-in-panel').waitFor()
    expect(await prompt.count()).toBe(0)
  })
})
