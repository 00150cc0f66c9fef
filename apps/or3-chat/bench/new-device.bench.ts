// A new device in Debian's Chromium against the built host (embedded default, loopback):
// a workspace seeded through the sync API (2,000 threads, 50,000 messages of ~1.2 KB, the newest
// thread holding 1,000), signed into from a fresh browser context. Each figure is printed next to
// its reference, measured in the same run (the minimal fetch + Dexie bulkPut client runs in the
// same page), so ratios hold on a busy machine. Prints; asserts nothing.
//   BENCH_SCALE         shrinks every workload (default 1; 0.2 runs in about a minute)
//   BENCH_SERVER_ENTRY  another build's .output/server/index.mjs (e.g. the one before a change)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { tmpdir } from 'node:os'
import type { BrowserContext, Page } from 'playwright-core'
import { WORKSPACE_SCHEMA } from '../app/core/db/workspace-database'
import { launchBrowser } from '../tests/e2e/support/browser'
import { PASSWORD } from '../tests/e2e/support/chat-page'
import { browserLikeClient } from '../tests/integration/support/browser-like-client'
import { HOST_SERVER_ENTRY } from '../tests/integration/support/paths'
import { startServer } from '../tests/integration/support/start-server'
import { percentile, printTable } from './stats'
import { countLocalRows, measureScroll, mountStaticList, openThreadTimed, runMinimalClient, startNewDeviceRun, type NewDeviceMarks } from './support/in-page'
import { seedWorkspace, type SeedShape } from './support/seed-workspace'

const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const entry = process.env.BENCH_SERVER_ENTRY ?? HOST_SERVER_ENTRY
const shape: SeedShape = {
  threads: Math.max(10, Math.round(2_000 * SCALE)),
  messages: Math.max(1_100, Math.round(50_000 * SCALE)),
  newestThreadMessages: 1_000,
  pinned: 2,
}
const SIDEBAR_THREADS = Math.max(500, Math.round(10_000 * SCALE))
const MB = 1024 * 1024
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const VIEWPORT = { width: 1280, height: 800 }

const dexieUmd = readFileSync(join(dirname(Bun.resolveSync('dexie/package.json', import.meta.dir)), 'dist/dexie.min.js'), 'utf8')

const dataDir = mkdtempSync(join(tmpdir(), 'or3-bench-new-device-'))
const server = await startServer({
  entry,
  cwd: dirname(dirname(dirname(entry))),
  env: { OR3_DATA_DIR: dataDir, OR3_PRESET: 'embedded', OR3_LIMITS_ENABLED: 'false' },
})
const browser = await launchBrowser(['--enable-precise-memory-info'])

async function registerAndSeed(email: string, seed: SeedShape) {
  const client = browserLikeClient(server.url)
  const registered = await client.post('/api/basic-auth/register', { email, password: PASSWORD })
  if (registered.status >= 300) throw new Error(`register failed: ${registered.status}`)
  const workspaceId = (await client.get('/api/auth/session')).body.workspace.id as string
  const started = performance.now()
  const seeded = await seedWorkspace(client, workspaceId, seed)
  return { ...seeded, seedSeconds: (performance.now() - started) / 1000 }
}

async function signInPage(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(server.url)
  const panel = page.getByTestId('sign-in-panel')
  await panel.getByLabel('Email').fill(email)
  await panel.getByLabel('Password').fill(PASSWORD)
  return page
}

async function waitForMarks(page: Page, until: (marks: NewDeviceMarks) => boolean, timeoutMs: number): Promise<NewDeviceMarks> {
  const deadline = Date.now() + timeoutMs
  let reported = Date.now()
  for (;;) {
    const marks = await page.evaluate(() => (window as unknown as { __benchMarks: NewDeviceMarks }).__benchMarks)
    if (until(marks)) return marks
    if (Date.now() > deadline) throw new Error(`timed out; marks so far: ${JSON.stringify(marks)}`)
    if (Date.now() - reported > 15_000) {
      reported = Date.now()
      console.log(`  still syncing: ${JSON.stringify(marks)}`)
    }
    await Bun.sleep(200)
  }
}

try {
  console.log(`\nNew device bench: scale ${SCALE}, server ${entry === HOST_SERVER_ENTRY ? 'this build' : entry}`)

  // ---------------------------------------------------------------- 1. new device, full sync
  const big = await registerAndSeed('bench-new-device@example.com', shape)
  console.log(`seeded ${big.rows.toLocaleString('en-US')} rows in ${big.seedSeconds.toFixed(1)} s`)
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await signInPage(context, 'bench-new-device@example.com')
  await page.evaluate(startNewDeviceRun, { newestThreadId: big.newestThreadId, marker: big.newestMessageMarker })
  let marks = await waitForMarks(page, (m) => m.synced !== undefined && m.thread !== undefined, 30 * 60_000)
  // "Synced" must mean every row is here; if the badge ran ahead, keep waiting for the rows.
  const databaseName = `or3-ws-${big.workspaceId}`
  while ((await page.evaluate(countLocalRows, databaseName)) < big.rows) {
    await Bun.sleep(200)
    marks = await page.evaluate(() => (window as unknown as { __benchMarks: NewDeviceMarks }).__benchMarks)
  }
  await page.evaluate(() => (window as unknown as { __benchStop(): void }).__benchStop())

  // The reference in the same page, once the app is idle.
  await page.evaluate(dexieUmd)
  const reference = await page.evaluate(runMinimalClient, { workspaceId: big.workspaceId, schema: { ...WORKSPACE_SCHEMA } })

  // ---------------------------------------------------------------- 2. open a 1,000-message thread
  await page.getByTestId('new-chat').click()
  await page.waitForURL((url) => url.pathname === '/')
  const openBig = await page.evaluate(openThreadTimed, { threadId: big.newestThreadId })
  await page.getByTestId('new-chat').click()
  await page.waitForURL((url) => url.pathname === '/')
  const openTypical = await page.evaluate(openThreadTimed, { threadId: big.typicalThreadId })
  await context.close()

  printTable(`New device: ${shape.threads.toLocaleString('en-US')} threads / ${shape.messages.toLocaleString('en-US')} messages (${big.rows.toLocaleString('en-US')} rows), Chromium`, [
    {
      figure: 'until fully synced (from signed in)',
      app: seconds(marks.synced! - marks.signedIn!),
      reference: `${seconds(reference.ms)} (minimal fetch + bulkPut)`,
      ratio: `${((marks.synced! - marks.signedIn!) / reference.ms).toFixed(2)}×`,
      target: '≤ 1.5×',
    },
    { figure: 'sign-in → signed in (password checked, app shown)', app: seconds(marks.signedIn!), reference: '', ratio: '', target: '' },
    { figure: 'sign-in → sidebar shows threads', app: `${seconds(marks.sidebar!)} (${seconds(marks.sidebar! - marks.signedIn!)} after signed in)`, reference: '', ratio: '', target: '' },
    {
      figure: 'sign-in → newest thread shows its newest message',
      app: `${seconds(marks.thread!)} (${seconds(marks.thread! - marks.signedIn!)} after signed in)`,
      reference: '',
      ratio: '',
      target: '≤ 1.5 s',
    },
    {
      figure: 'peak JS heap during the bootstrap',
      app: `${(marks.peakHeap / MB).toFixed(0)} MB`,
      reference: `${(reference.peakHeap / MB).toFixed(0)} MB (${((reference.peakHeap - reference.baseline) / MB).toFixed(0)} MB over the page's ${(reference.baseline / MB).toFixed(0)})`,
      ratio: '',
      target: '≤ 150 MB',
    },
    {
      figure: 'open the 1,000-message thread: first messages painted',
      app: `${openBig.firstPaint.toFixed(0)} ms`,
      reference: `${openTypical.firstPaint.toFixed(0)} ms (a ${shape.messages > 1_000 ? '~25' : 'short'}-message thread)`,
      ratio: '',
      target: '≤ 200 ms',
    },
    {
      figure: 'DOM nodes with that thread open',
      app: `${openBig.domNodes.toLocaleString('en-US')} (${openBig.messagesInDom} messages in the DOM)`,
      reference: `${openTypical.domNodes.toLocaleString('en-US')} (${openTypical.messagesInDom} messages)`,
      ratio: `${(openBig.domNodes / openTypical.domNodes).toFixed(2)}×`,
      target: 'about constant',
    },
  ])

  // ---------------------------------------------------------------- 3. sidebar with 10,000 threads
  await registerAndSeed('bench-sidebar@example.com', { threads: SIDEBAR_THREADS, messages: 0, newestThreadMessages: 0, pinned: 2 })
  const sidebarContext = await browser.newContext({ viewport: VIEWPORT })
  const sidebarPage = await signInPage(sidebarContext, 'bench-sidebar@example.com')
  await sidebarPage.getByTestId('sign-in-panel').getByRole('button', { name: /^sign in$/i }).click()
  await sidebarPage.locator('[data-testid="sync-status"][data-state="synced"]').waitFor({ timeout: 10 * 60_000 })
  await sidebarPage.getByTestId('thread-item').first().waitFor()
  const box = await sidebarPage.locator('nav[aria-label="Chats"]').boundingBox()
  const frames = 240
  const appScroll = await sidebarPage.evaluate(measureScroll, { selector: 'nav[aria-label="Chats"]', frames, step: 90 })
  await sidebarPage.evaluate(mountStaticList, { count: SIDEBAR_THREADS, width: Math.round(box?.width ?? 260), height: Math.round(box?.height ?? 600) })
  const staticScroll = await sidebarPage.evaluate(measureScroll, { selector: '#bench-static-list', frames, step: 90 })
  const rendered = await sidebarPage.getByTestId('thread-item').count()
  await sidebarContext.close()

  printTable(`Sidebar with ${SIDEBAR_THREADS.toLocaleString('en-US')} threads: ${frames} frames scrolled 90 px each`, [
    {
      list: `the app's sidebar (${rendered} items in the DOM)`,
      'frame work p50 ms': percentile(appScroll.busy, 50),
      'frame work p95 ms': percentile(appScroll.busy, 95),
      'frame interval p95 ms': percentile(appScroll.intervals, 95),
      'scrolled px': Math.round(appScroll.scrolledTo),
      target: 'p95 ≤ 16 ms',
    },
    {
      list: 'reference: a static list of plain rows',
      'frame work p50 ms': percentile(staticScroll.busy, 50),
      'frame work p95 ms': percentile(staticScroll.busy, 95),
      'frame interval p95 ms': percentile(staticScroll.intervals, 95),
      'scrolled px': Math.round(staticScroll.scrolledTo),
      target: '',
    },
  ])

  // ---------------------------------------------------------------- 4. first visit transfer
  const visitContext = await browser.newContext({ viewport: VIEWPORT })
  const visit = await visitContext.newPage()
  const encodings = new Map<string, number>()
  visit.on('response', (response) => {
    if (!response.url().includes('/_nuxt/')) return
    const encoding = response.headers()['content-encoding'] ?? 'identity'
    encodings.set(encoding, (encodings.get(encoding) ?? 0) + 1)
  })
  await visit.goto(server.url, { waitUntil: 'networkidle' })
  const transfer = await visit.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')] as PerformanceResourceTiming[]
    return entries.reduce((sum, e) => ({ transfer: sum.transfer + e.transferSize, decoded: sum.decoded + e.decodedBodySize, count: sum.count + 1 }), { transfer: 0, decoded: 0, count: 0 })
  })
  const cacheControl = (await visit.request.get(`${server.url}${await visit.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.name.includes('/_nuxt/'))?.name.replace(location.origin, '') ?? '/')}`)).headers()['cache-control']
  await visitContext.close()

  printTable('First visit (sign-in screen, empty cache)', [
    {
      what: `${transfer.count} requests`,
      transferred: `${(transfer.transfer / 1024).toFixed(0)} KB`,
      'uncompressed (reference)': `${(transfer.decoded / 1024).toFixed(0)} KB`,
      'content-encoding of /_nuxt/': [...encodings].map(([k, v]) => `${k} ×${v}`).join(', '),
      'cache-control of /_nuxt/': cacheControl ?? 'none',
      target: '≤ 400 KB',
    },
  ])
} finally {
  await browser.close()
  await server.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
