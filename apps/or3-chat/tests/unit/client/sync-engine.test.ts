import 'fake-indexeddb/auto'
import { ProviderError, type PushRequest, type PushResponse } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { NetworkUnreachableError } from 'or3-provider-kit'
import { ManualScheduler } from './support/manual-scheduler'
import { createMemorySyncServer } from './support/memory-sync-provider'
import { closeTestDatabases } from './support/test-db'
import { createTestDevice, thread } from './support/test-device'

const offline = () =>
  new ProviderError('UNAVAILABLE', 'Cannot reach the OR3 server', { cause: new NetworkUnreachableError(new TypeError('fetch failed')) })

/** Lets timers due now run, then waits for the engine's async work they started. */
async function settle(device: Awaited<ReturnType<typeof createTestDevice>>, ms = 0) {
  device.scheduler.advance(ms)
  await device.sync.whenIdle()
}

afterEach(closeTestDatabases)

describe('sync engine: outbox', () => {
  it('coalesces the ops of a row to the newest one and sends it once', async () => {
    const server = createMemorySyncServer()
    const a = await createTestDevice(server.providerFor())
    a.sync.start()
    await a.sync.whenIdle()
    await a.writer.put('threads', thread('t1', 'v1'))
    for (let i = 2; i <= 5; i++) await a.writer.patch('threads', 't1', { title: `v${i}` })
    await settle(a, 10)

    const pushes = server.callsOf('push').map((c) => (c.request as PushRequest).ops)
    expect(pushes).toHaveLength(1)
    expect(pushes[0]).toHaveLength(1)
    expect(pushes[0]![0]).toMatchObject({ pk: 't1', payload: { title: 'v5' }, stamp: { clock: 5 } })
    expect(await a.db.pending_ops.count()).toBe(0)
    expect(a.sync.status.get()).toEqual({ state: 'synced', pending: 0 })
  })

  it('sends at most 100 ops per push', async () => {
    const server = createMemorySyncServer()
    const a = await createTestDevice(server.providerFor())
    await a.writer.batch(async (w) => {
      for (let i = 0; i < 250; i++) await w.put('threads', thread(`t${i}`, `thread ${i}`))
    })
    a.sync.start()
    await a.sync.whenIdle()
    expect(server.callsOf('push').map((c) => (c.request as PushRequest).ops.length)).toEqual([100, 100, 50])
    expect(await a.db.pending_ops.count()).toBe(0)
  })

  it('drops an op that lost last-writer-wins and takes the winner by pull', async () => {
    const server = createMemorySyncServer()
    const a = await createTestDevice(server.providerFor(), { deviceId: 'dev-a' })
    const b = await createTestDevice(server.providerFor(), { deviceId: 'dev-b' })
    await a.writer.put('threads', thread('t1', 'A v1'))
    await a.writer.patch('threads', 't1', { title: 'A v2' }) // clock 2: beats B's clock 1
    await b.writer.put('threads', thread('t1', 'B v1'))
    a.sync.start()
    await a.sync.whenIdle()
    b.sync.start()
    await b.sync.whenIdle()

    const bPush = server.callsOf('push').at(-1)!
    expect((bPush.request as PushRequest).ops[0]!.stamp.deviceId).toBe('dev-b')
    expect(await b.db.pending_ops.count()).toBe(0)
    expect((await b.db.threads.get('t1'))?.title).toBe('A v2')
    expect(b.sync.status.get().state).toBe('synced')
  })

  it('parks per-op refusals, shows them, and does not resend them until asked', async () => {
    const server = createMemorySyncServer()
    const provider = server.providerFor()
    let refuse = true
    const refusing = {
      ...provider,
      async push(request: PushRequest): Promise<PushResponse> {
        const answer = await provider.push(request)
        if (!refuse) return answer
        return {
          ...answer,
          results: answer.results.map((r) =>
            request.ops.find((op) => op.opId === r.opId)?.pk === 'bad'
              ? { opId: r.opId, applied: false, serverVersion: 0, error: { code: 'CONFLICT' as const, message: 'opId reused' } }
              : r,
          ),
        }
      },
    }
    const a = await createTestDevice(refusing)
    await a.writer.put('threads', thread('good', 'fine'))
    await a.writer.put('threads', thread('bad', 'refused'))
    a.sync.start()
    await a.sync.whenIdle()

    expect(a.sync.status.get()).toEqual({
      state: 'error',
      pending: 0,
      failedOps: 1,
      message: 'A change could not sync: opId reused',
    })
    const pushesBefore = server.callsOf('push').length
    await settle(a, 60 * 60_000)
    expect(server.callsOf('push')).toHaveLength(pushesBefore)

    refuse = false
    await a.sync.retryFailed()
    await a.sync.whenIdle()
    expect(server.callsOf('push')).toHaveLength(pushesBefore + 1)
    expect(a.sync.status.get().state).toBe('synced')
  })

  it('parks only the ops a refused request names', async () => {
    const server = createMemorySyncServer()
    const a = await createTestDevice(server.providerFor())
    await a.writer.put('threads', thread('t0', 'zero'))
    await a.writer.put('threads', thread('t1', 'one'))
    server.failNext('push', new ProviderError('VALIDATION', 'Invalid request', { fields: { 'body.ops.1.payload': ['bad'] } }))
    a.sync.start()
    await a.sync.whenIdle()

    const parked = (await a.db.pending_ops.toArray()).filter((row) => row.error)
    expect(parked.map((row) => row.pk)).toEqual(['t1'])
    expect(parked[0]!.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('body.ops.1.payload') })
    expect((await server.gateway.pull(server.ctx, { scope: { workspaceId: 'ws-1' }, cursor: 0 })).changes.map((c) => c.pk)).toEqual(['t0'])
  })

  it('waits as long as a 429 Retry-After says, even when new writes arrive meanwhile', async () => {
    const server = createMemorySyncServer()
    const a = await createTestDevice(server.providerFor())
    a.sync.start()
    await a.sync.whenIdle()
    server.failNext('push', new ProviderError('RATE_LIMITED', 'Too many requests', { retryAfterSeconds: 30 }))
    await a.writer.put('threads', thread('t1', 'first'))
    await settle(a, 10)
    expect(server.callsOf('push')).toHaveLength(1)
    expect(a.sync.status.get()).toEqual({ state: 'syncing', pending: 1 })

    await a.writer.put('threads', thread('t2', 'second'))
    await settle(a, 29_000)
    expect(server.callsOf('push')).toHaveLength(1)

    await settle(a, 1_000)
    expect(server.callsOf('push')).toHaveLength(2)
    expect((server.callsOf('push')[1]!.request as PushRequest).ops.map((op) => op.pk)).toEqual(['t1', 't2'])
    expect(a.sync.status.get()).toEqual({ state: 'synced', pending: 0 })
  })

  it('shows offline and retries with growing backoff until the server is back', async () => {
    const server = createMemorySyncServer()
    const a = await createTestDevice(server.providerFor(), { backoff: { baseMs: 1_000, maxMs: 60_000 } })
    a.sync.start()
    await a.sync.whenIdle()
    server.failNext('push', offline())
    server.failNext('push', offline())
    await a.writer.put('threads', thread('t1', 'written offline'))
    await settle(a, 10)
    expect(a.sync.status.get()).toEqual({ state: 'offline', pending: 1 })
    expect(a.scheduler.pendingDelays()).toContain(1_000)

    await settle(a, 1_000)
    expect(server.callsOf('push')).toHaveLength(2)
    expect(a.scheduler.pendingDelays()).toContain(2_000)

    await settle(a, 2_000)
    expect(server.callsOf('push')).toHaveLength(3)
    expect(a.sync.status.get()).toEqual({ state: 'synced', pending: 0 })
  })

  it('shows an auth failure as an error with its message', async () => {
    const server = createMemorySyncServer()
    const a = await createTestDevice(server.providerFor())
    server.failNext('pull', new ProviderError('FORBIDDEN', 'You are no longer a member of this workspace'))
    a.sync.start()
    await a.sync.whenIdle()
    expect(a.sync.status.get()).toMatchObject({ state: 'error', message: 'You are no longer a member of this workspace' })
    expect((await a.db.sync_state.get('last_error'))?.value).toMatchObject({ message: 'You are no longer a member of this workspace' })
  })
})

describe('sync engine: realtime and pull', () => {
  it("delivers a write on one device to another through the version stream", async () => {
    const server = createMemorySyncServer()
    const scheduler = new ManualScheduler()
    const a = await createTestDevice(server.providerFor(), { deviceId: 'dev-a', scheduler })
    const b = await createTestDevice(server.providerFor(), { deviceId: 'dev-b', scheduler })
    a.sync.start()
    b.sync.start()
    await Promise.all([a.sync.whenIdle(), b.sync.whenIdle()])

    await a.writer.put('threads', thread('t1', 'hello from A'))
    await settle(a, 10)
    await b.sync.whenIdle()
    expect((await b.db.threads.get('t1'))?.title).toBe('hello from A')
    expect(await b.db.pending_ops.count()).toBe(0)

    await a.writer.softDelete('threads', 't1')
    await settle(a, 10)
    await b.sync.whenIdle()
    expect(await b.db.threads.get('t1')).toMatchObject({ deleted: true, clock: 2 })
    expect(await b.db.threads.get('t1')).not.toHaveProperty('title')
  })

  it('polls while the stream is down and resubscribes with backoff', async () => {
    const server = createMemorySyncServer()
    const provider = server.providerFor()
    const downs: Array<() => void> = []
    let subscribes = 0
    const flaky = {
      ...provider,
      subscribe(scope: { workspaceId: string }, handlers: { onVersion(v: number): void; onDown?(e?: unknown): void }) {
        subscribes++
        downs.push(() => handlers.onDown?.(new Error('stream dropped')))
        return () => {}
      },
    }
    const a = await createTestDevice(flaky, { pollIntervalMs: 5_000, backoff: { baseMs: 1_000, maxMs: 60_000 } })
    a.sync.start()
    await a.sync.whenIdle()
    const pulls = server.callsOf('pull').length
    downs[0]!()
    await settle(a, 5_000)
    expect(server.callsOf('pull').length).toBeGreaterThan(pulls)
    expect(subscribes).toBe(2) // resubscribed after the 1 s backoff
  })
})

describe('sync engine: bulk work', () => {
  it('announces a bootstrap on the change feed with its progress, and a one-page pull not at all', async () => {
    const server = createMemorySyncServer()
    const a = await createTestDevice(server.providerFor(), { deviceId: 'dev-a' })
    await a.writer.batch(async (w) => {
      for (let i = 0; i < 5; i++) await w.put('threads', thread(`t${i}`, `thread ${i}`))
    })
    a.sync.start()
    await a.sync.whenIdle()

    const b = await createTestDevice(server.providerFor(), { deviceId: 'dev-b', snapshotPageSize: 2 })
    const events: string[] = []
    b.db.changeFeed.subscribe((event) => events.push(event.type === 'bulk-progress' ? `progress ${event.progress.done}/${event.progress.total}` : event.type))
    const shown: string[] = []
    b.sync.status.subscribe((s) => shown.push(s.state === 'syncing' && s.progress ? `${s.progress.done} of ${s.progress.total}` : s.state))
    b.sync.start()
    await b.sync.whenIdle()
    expect(events).toEqual(['bulk-start', 'progress 2/5', 'progress 4/5', 'progress 5/5', 'progress 5/5', 'progress 5/5', 'bulk-end'])
    expect(shown).toContain('4 of 5')
    expect(shown.at(-1)).toBe('synced')
    expect(b.db.changeFeed.bulk).toBe(false)

    events.length = 0
    await a.writer.put('threads', thread('t9', 'one more'))
    await settle(a, 10)
    await b.sync.whenIdle()
    expect((await b.db.threads.get('t9'))?.title).toBe('one more')
    expect(events).toEqual([])
  })
})
