// Sync throughput through HTTP on loopback, against the built host on the embedded default
// (basic-auth, sqlite, fs): push in batches of 100 and pull in pages of 1000, with the rate
// and the per-request latency. Run with `bun run bench` (it builds first).
import { browserLikeClient } from '../tests/integration/support/browser-like-client'
import { startEmbeddedHost } from '../tests/integration/support/embedded-host'
import { percentile, printTable } from './stats'

const TOTAL_OPS = Number(process.env.BENCH_SYNC_OPS ?? 50_000)
const BATCH = 100
const CONCURRENCY = Number(process.env.BENCH_SYNC_CONCURRENCY ?? 4)

const server = await startEmbeddedHost({ OR3_LIMITS_ENABLED: 'false' })
try {
  const client = browserLikeClient(server.url)
  await client.post('/api/basic-auth/register', { email: 'bench@example.com', password: 'benchmark passphrase' })
  const workspaceId = (await client.get('/api/auth/session')).body.workspace.id as string
  const scope = { workspaceId }

  // Push: CONCURRENCY devices, each sending its share of batches back to back.
  const pushLatencies: number[] = []
  const batchesPerWriter = Math.ceil(TOTAL_OPS / BATCH / CONCURRENCY)
  const pushStarted = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let b = 0; b < batchesPerWriter; b++) {
        const ops = Array.from({ length: BATCH }, (_, i) => {
          const opId = `d${w}-b${b}-${i}`
          return {
            opId,
            tableName: 'messages',
            operation: 'put',
            pk: opId,
            payload: { id: opId, thread_id: `t${w}`, role: 'user', content: 'benchmark message '.repeat(8) },
            stamp: { deviceId: `device-${w}`, opId, hlc: `${Date.now()}:0000:device-${w}`, clock: 1 },
          }
        })
        const t0 = performance.now()
        const response = await client.post('/api/sync/push', { scope, ops })
        pushLatencies.push(performance.now() - t0)
        if (response.status !== 200) throw new Error(`push failed: ${response.status} ${JSON.stringify(response.body)}`)
      }
    }),
  )
  const pushSeconds = (performance.now() - pushStarted) / 1000
  const pushed = batchesPerWriter * CONCURRENCY * BATCH

  // Pull: one device reads the whole log from cursor 0 in pages of 1000.
  const pullLatencies: number[] = []
  let pulled = 0
  const pullStarted = performance.now()
  for (let cursor = 0, more = true; more; ) {
    const t0 = performance.now()
    const page = await client.post('/api/sync/pull', { scope, cursor, limit: 1000 })
    pullLatencies.push(performance.now() - t0)
    pulled += page.body.changes.length
    cursor = page.body.nextCursor
    more = page.body.hasMore
  }
  const pullSeconds = (performance.now() - pullStarted) / 1000

  printTable(`Sync through HTTP (sqlite provider, loopback, ${CONCURRENCY} concurrent pushers)`, [
    {
      operation: 'push (batches of 100)',
      items: pushed,
      'items/s': Math.round(pushed / pushSeconds),
      'p50 ms/request': percentile(pushLatencies, 50),
      'p99 ms/request': percentile(pushLatencies, 99),
    },
    {
      operation: 'pull (pages of 1000)',
      items: pulled,
      'items/s': Math.round(pulled / pullSeconds),
      'p50 ms/request': percentile(pullLatencies, 50),
      'p99 ms/request': percentile(pullLatencies, 99),
    },
  ])
} finally {
  await server.stop()
}
