// Cross-device latency: a write pushed by device A until device B, listening on
// /api/sync/events, has been told of the new version and pulled the change. Built host on the
// embedded default, loopback. Prints p50/p99; asserts nothing.
//   BENCH_LATENCY_RUNS (default 200)
import { createSseEventParser } from '../shared/chat-stream/sse-event-parser'
import { browserLikeClient } from '../tests/integration/support/browser-like-client'
import { startEmbeddedHost } from '../tests/integration/support/embedded-host'
import { percentile, printTable } from './stats'

const RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 200)

const server = await startEmbeddedHost({ OR3_LIMITS_ENABLED: 'false' })
try {
  const deviceA = browserLikeClient(server.url)
  await deviceA.post('/api/basic-auth/register', { email: 'latency@example.com', password: 'benchmark passphrase' })
  const deviceB = browserLikeClient(server.url)
  await deviceB.post('/api/basic-auth/sign-in', { email: 'latency@example.com', password: 'benchmark passphrase' })
  const workspaceId = (await deviceA.get('/api/auth/session')).body.workspace.id as string
  const scope = { workspaceId }

  // Device B's change stream.
  const waiters = new Map<number, () => void>()
  let latestSeen = 0
  const listening = new AbortController()
  const stream = await fetch(`${server.url}/api/sync/events?workspaceId=${workspaceId}`, {
    signal: listening.signal,
    headers: { cookie: [...deviceB.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  })
  const parser = createSseEventParser()
  const decoder = new TextDecoder()
  void (async () => {
    for await (const chunk of stream.body!) {
      for (const event of parser.push(decoder.decode(chunk, { stream: true }))) {
        if (event.event !== 'version') continue
        latestSeen = Math.max(latestSeen, JSON.parse(event.data).serverVersion)
        for (const [version, resolve] of waiters) if (version <= latestSeen) resolve()
      }
    }
  })().catch(() => {}) // ends when the benchmark aborts the stream
  const announced = (version: number) =>
    new Promise<void>((resolve) => (version <= latestSeen ? resolve() : waiters.set(version, resolve)))

  let cursor = 0
  const samples: number[] = []
  for (let i = 0; i < RUNS + 20; i++) {
    const opId = `latency-${i}`
    const op = {
      opId,
      tableName: 'threads',
      operation: 'put',
      pk: opId,
      payload: { id: opId, title: `thread ${i}` },
      stamp: { deviceId: 'device-a', opId, hlc: `${Date.now()}:0000:device-a`, clock: 1 },
    }
    const started = performance.now()
    const pushed = await deviceA.post('/api/sync/push', { scope, ops: [op] })
    const version = pushed.body.results[0].serverVersion as number
    await announced(version)
    waiters.delete(version)
    const page = await deviceB.post('/api/sync/pull', { scope, cursor, limit: 1000 })
    if (!page.body.changes.some((c: { pk: string }) => c.pk === opId)) throw new Error(`device B did not get ${opId}`)
    cursor = page.body.nextCursor
    if (i >= 20) samples.push(performance.now() - started) // the first 20 warm up
  }

  printTable('Cross-device latency: push on device A → SSE on device B → pulled (embedded host, loopback)', [
    { runs: samples.length, 'p50 ms': percentile(samples, 50), 'p99 ms': percentile(samples, 99), 'max ms': Math.max(...samples) },
  ])
  listening.abort()
} finally {
  await server.stop()
}
