import 'fake-indexeddb/auto'
import type { FetchLike, PullResponse } from 'or3-provider-kit'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSseEventParser } from '../../shared/chat-stream/sse-event-parser'
import type { EventSourceFactory, EventSourceLike } from '../../app/core/sync/gateway-sync-provider'
import { openWorkspaceSession, type WorkspaceSession } from '../../app/core/workspace/workspace-session'
import { clientFor } from './support/http'
import { startServer, type RunningServer } from './support/start-server'
import { threadInput } from '../support/rows'

/**
 * Two devices of one user, each with its own engine and its own (fake) IndexedDB database,
 * syncing through a real built server with the test providers.
 */

const TEST_PROVIDERS = {
  OR3_AUTH_PROVIDER: 'test',
  OR3_SYNC_PROVIDER: 'test',
  OR3_STORAGE_PROVIDER: 'test',
  OR3_STRICT: 'true',
  OR3_LIMITS_PER_MINUTE: '100000',
}

/**
 * A device's network: every request carries the test user's header, can be cut off (offline)
 * and can lose the answer of the next push after the server applied it.
 */
function createDeviceNetwork(user: string) {
  let cut = new AbortController()
  const network = {
    offline: false,
    loseNextPushResponse: false,
    pushRequests: 0,
    goOffline() {
      network.offline = true
      cut.abort(new TypeError('network down'))
    },
    goOnline() {
      network.offline = false
      cut = new AbortController()
    },
    fetch: (async (url, init) => {
      if (network.offline) throw new TypeError('fetch failed: offline')
      const signal = init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal
      const headers = { ...(init?.headers as Record<string, string> | undefined), 'x-test-user': user }
      if (url.endsWith('/api/sync/push')) network.pushRequests++
      const response = await fetch(url, { ...init, headers, signal })
      if (url.endsWith('/api/sync/push') && network.loseNextPushResponse) {
        network.loseNextPushResponse = false
        await response.text() // the server applied the batch; only the answer is lost
        throw new TypeError('socket hang up')
      }
      return response
    }) as FetchLike,
  }
  return network
}

/** EventSource over fetch (Node has none), so the SSE stream carries the test header too. */
function fetchEventSource(fetchImpl: FetchLike): EventSourceFactory {
  return (url) => {
    const listeners = new Map<string, Set<(event: { data?: unknown }) => void>>()
    const controller = new AbortController()
    const emit = (type: string, data?: unknown) => listeners.get(type)?.forEach((listener) => listener({ data }))
    void (async () => {
      try {
        const response = await fetchImpl(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal })
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
        const parser = createSseEventParser()
        for (;;) {
          const { value, done } = await reader.read()
          if (done) throw new Error('stream ended')
          for (const event of parser.push(value)) emit(event.event, event.data)
        }
      } catch (error) {
        if (!controller.signal.aborted) emit('error', error)
      }
    })()
    const source: EventSourceLike = {
      addEventListener(type, listener) {
        if (!listeners.has(type)) listeners.set(type, new Set())
        listeners.get(type)!.add(listener)
      },
      close: () => controller.abort(),
    }
    return source
  }
}

const thread = (id: string, title: string) => threadInput(id, title, { created_at: Date.now() })

describe('client sync between two devices through a real server', () => {
  let server: RunningServer
  let workspaceId: string
  let deviceA: WorkspaceSession
  let deviceB: WorkspaceSession
  const netA = createDeviceNetwork('alice')
  const netB = createDeviceNetwork('alice')

  async function openDevice(name: string, network: ReturnType<typeof createDeviceNetwork>) {
    const gateway = { baseUrl: server.url, fetch: network.fetch, createEventSource: fetchEventSource(network.fetch) }
    return openWorkspaceSession(workspaceId, {
      syncEnabled: true,
      storageEnabled: false,
      sync: { gateway },
      databaseName: (id) => `client-sync-${process.pid}-${name}-${id}`,
      deviceId: name,
      // Polling is slow on purpose: changes must arrive through the SSE stream.
      engine: { backoff: { baseMs: 50, maxMs: 400 }, pushDelayMs: 10, pollIntervalMs: 60_000 },
    })
  }

  const titleOn = async (device: WorkspaceSession, id: string) => (await device.db.threads.get(id))?.title

  beforeAll(async () => {
    server = await startServer({ env: TEST_PROVIDERS })
    workspaceId = (await clientFor(server.url, 'alice').get('/api/auth/session')).body.workspace.id
    deviceA = await openDevice('device-a', netA)
    deviceB = await openDevice('device-b', netB)
  })

  afterAll(async () => {
    await deviceA?.close()
    await deviceB?.close()
    await server?.stop()
  })

  it('brings a write on device A to device B', async () => {
    await deviceA.writer.put('threads', thread('t-hello', 'Hello from A'))
    await vi.waitFor(async () => expect(await titleOn(deviceB, 't-hello')).toBe('Hello from A'), { timeout: 10_000, interval: 50 })
    await vi.waitFor(() => expect(deviceA.sync!.status.get()).toEqual({ state: 'synced', pending: 0 }), { timeout: 5_000 })
    // B applied it as a remote change: nothing to send back.
    expect(await deviceB.db.pending_ops.count()).toBe(0)
  })

  it('keeps an offline edit on the device and syncs it after reconnecting', async () => {
    netB.goOffline()
    await deviceB.writer.put('threads', thread('t-offline', 'Written on a plane'))
    await deviceA.writer.put('threads', thread('t-while-away', 'Written while B was away'))
    await vi.waitFor(() => expect(deviceB.sync!.status.get()).toMatchObject({ state: 'offline', pending: 1 }), { timeout: 5_000 })
    expect(await titleOn(deviceA, 't-offline')).toBeUndefined()

    netB.goOnline()
    deviceB.sync!.reconnect()
    await vi.waitFor(async () => expect(await titleOn(deviceA, 't-offline')).toBe('Written on a plane'), { timeout: 10_000, interval: 50 })
    await vi.waitFor(async () => expect(await titleOn(deviceB, 't-while-away')).toBe('Written while B was away'), { timeout: 10_000, interval: 50 })
    await vi.waitFor(() => expect(deviceB.sync!.status.get()).toEqual({ state: 'synced', pending: 0 }), { timeout: 5_000 })
  })

  it('replays a push whose answer was lost without applying it twice', async () => {
    netA.loseNextPushResponse = true
    const pushesBefore = netA.pushRequests
    await deviceA.writer.put('threads', thread('t-replay', 'Sent once, answered once'))
    await vi.waitFor(async () => expect(await deviceA.db.pending_ops.count()).toBe(0), { timeout: 10_000, interval: 50 })
    expect(netA.pushRequests - pushesBefore).toBe(2)

    const pulled = (await clientFor(server.url, 'alice').post('/api/sync/pull', { scope: { workspaceId }, cursor: 0 }))
      .body as PullResponse
    expect(pulled.changes.filter((change) => change.pk === 't-replay')).toHaveLength(1)
    await vi.waitFor(async () => expect(await titleOn(deviceB, 't-replay')).toBe('Sent once, answered once'), { timeout: 10_000, interval: 50 })
  })
})
