// Functions the browser bench runs inside the page (page.evaluate serializes them, so each is
// self-contained). Timings use the page's clock, so the bench's own round trips do not count.

/** What the new-device run records, in ms since the sign-in click. */
export interface NewDeviceMarks {
  /** The app shows its signed-in screen: the server checked the password. */
  signedIn?: number
  sidebar?: number
  thread?: number
  synced?: number
  /** Peak `usedJSHeapSize` seen, bytes. */
  peakHeap: number
}

/**
 * Clicks "Sign in" and records when the sidebar shows a thread, when the newest thread (opened
 * as soon as its link is there) shows its newest message, and when the badge says synced.
 * Samples the JS heap every 50 ms. Results go to `window.__benchMarks`.
 */
export function startNewDeviceRun(args: { newestThreadId: string; marker: string }) {
  const w = window as unknown as { __benchMarks: NewDeviceMarks; __benchStop?: () => void }
  const marks: NewDeviceMarks = { peakHeap: 0 }
  w.__benchMarks = marks
  const memory = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0
  const button = document.querySelector<HTMLButtonElement>('[data-testid="sign-in-panel"] button[type="submit"]')
  if (!button) throw new Error('no sign-in button')
  const started = performance.now()
  let clicked = false
  const tick = () => {
    const at = performance.now() - started
    marks.peakHeap = Math.max(marks.peakHeap, memory())
    if (marks.signedIn === undefined && document.querySelector('[data-testid="new-chat"]')) marks.signedIn = at
    if (marks.sidebar === undefined && document.querySelector('[data-testid="thread-item"]')) marks.sidebar = at
    const link = document.querySelector<HTMLAnchorElement>(`[data-thread-id="${args.newestThreadId}"] a`)
    if (link && !clicked) {
      clicked = true
      link.click()
    }
    if (marks.thread === undefined && clicked) {
      const shown = [...document.querySelectorAll('[data-testid="message"]')].some((m) => m.textContent?.includes(args.marker))
      if (shown) marks.thread = at
    }
    const state = document.querySelector<HTMLElement>('[data-testid="sync-status"]')?.dataset.state
    if (marks.synced === undefined && marks.sidebar !== undefined && state === 'synced') marks.synced = at
  }
  const timer = setInterval(tick, 25)
  w.__benchStop = () => clearInterval(timer)
  button.click()
}

/** Rows of a workspace's local database, read with plain IndexedDB. */
export async function countLocalRows(databaseName: string): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(databaseName)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const count = (store: string) =>
    new Promise<number>((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).count()
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
  const total = (await count('threads')) + (await count('messages'))
  db.close()
  return total
}

/**
 * The reference: a minimal client in the same page that pulls the change log in pages of 1,000
 * with fetch and stores each page with one Dexie `bulkPut` per table in one transaction, into its
 * own database with the app's schema. Needs `window.Dexie` (the bench injects the UMD build).
 */
export async function runMinimalClient(args: { workspaceId: string; schema: Record<string, string> }) {
  type DexieLike = {
    version(n: number): { stores(schema: Record<string, string>): void }
    open(): Promise<unknown>
    table(name: string): { bulkPut(rows: unknown[]): Promise<unknown> }
    transaction(mode: string, tables: string[], body: () => Promise<void>): Promise<void>
    delete(): Promise<void>
    close(): void
  }
  const DexieClass = (window as unknown as { Dexie: new (name: string) => DexieLike }).Dexie
  const memory = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0
  const db = new DexieClass('bench-minimal-client')
  db.version(1).stores(args.schema)
  await db.open()
  const baseline = memory()
  let peakHeap = baseline
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, memory())), 50)
  const started = performance.now()
  let cursor = 0
  let rows = 0
  for (let more = true; more; ) {
    const response = await fetch('/api/sync/pull', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scope: { workspaceId: args.workspaceId }, cursor, limit: 1000 }),
    })
    const page = (await response.json()) as {
      changes: Array<{ tableName: string; payload: Record<string, unknown> }>
      nextCursor: number
      hasMore: boolean
    }
    const byTable = new Map<string, unknown[]>()
    for (const change of page.changes) {
      const list = byTable.get(change.tableName) ?? []
      list.push(change.payload)
      byTable.set(change.tableName, list)
    }
    await db.transaction('rw', [...byTable.keys()], async () => {
      for (const [table, list] of byTable) await db.table(table).bulkPut(list)
    })
    rows += page.changes.length
    cursor = page.nextCursor
    more = page.hasMore
    peakHeap = Math.max(peakHeap, memory())
  }
  const ms = performance.now() - started
  clearInterval(sampler)
  db.close()
  await db.delete()
  return { ms, rows, peakHeap, baseline }
}

/**
 * Clicks a thread in the sidebar and measures until its first messages are painted (two frames
 * after they are in the DOM), then counts the page's DOM nodes once it has settled.
 */
export async function openThreadTimed(args: { threadId: string }) {
  const link = document.querySelector<HTMLAnchorElement>(`[data-thread-id="${args.threadId}"] a`)
  if (!link) throw new Error(`thread ${args.threadId} is not in the sidebar`)
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))
  const started = performance.now()
  link.click()
  const messagesOf = () => document.querySelectorAll('[data-testid="message"]').length
  for (;;) {
    await frame()
    if (location.pathname.endsWith(args.threadId) && messagesOf() > 0) break
    if (performance.now() - started > 60_000) throw new Error('the thread did not show')
  }
  await frame()
  await frame()
  const firstPaint = performance.now() - started
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  return { firstPaint, domNodes: document.getElementsByTagName('*').length, messagesInDom: messagesOf() }
}

/**
 * Scrolls an element by `step` px per frame for `frames` frames and returns, per frame, the
 * main-thread time from the frame's start to the end of its rendering (a task posted from the
 * frame's callback runs after paint) and the interval between frames.
 */
export async function measureScroll(args: { selector: string; frames: number; step: number }) {
  const element = document.querySelector<HTMLElement>(args.selector)
  if (!element) throw new Error(`nothing matches ${args.selector}`)
  element.scrollTop = 0
  const busy: number[] = []
  const intervals: number[] = []
  // The first frames lay out what was just mounted; they are not scrolling.
  const warmUp = 10
  let last = 0
  await new Promise<void>((resolve) => {
    let n = 0
    const frame = (at: number) => {
      const recording = n >= warmUp
      if (recording && last) intervals.push(at - last)
      last = at
      if (recording) element.scrollTop += args.step
      const channel = new MessageChannel()
      channel.port1.onmessage = () => {
        if (recording) busy.push(performance.now() - at)
        if (++n >= args.frames + warmUp) resolve()
        else requestAnimationFrame(frame)
      }
      channel.port2.postMessage(0)
    }
    requestAnimationFrame(frame)
  })
  return { busy, intervals, scrolledTo: element.scrollTop, scrollHeight: element.scrollHeight }
}

/** A plain list of `count` rows in a scroll box like the sidebar's: the reference for scrolling. */
export function mountStaticList(args: { count: number; width: number; height: number }) {
  const box = document.createElement('div')
  box.id = 'bench-static-list'
  box.style.cssText = `position:fixed;left:0;top:0;width:${args.width}px;height:${args.height}px;overflow-y:auto;z-index:9999;background:white`
  const list = document.createElement('ul')
  for (let i = 0; i < args.count; i++) {
    const item = document.createElement('li')
    item.style.cssText = 'padding:6px 12px;font-size:14px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis'
    item.textContent = `Thread ${i}: a title as long as the ones in the sidebar`
    list.append(item)
  }
  box.append(list)
  document.body.append(box)
}
