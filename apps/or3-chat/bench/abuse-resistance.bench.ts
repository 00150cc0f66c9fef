// Abuse resistance of the built host on the embedded default, loopback: the server's memory
// across four 150 MiB chunked POSTs with no session and no Content-Length, and the latency of a
// sync push after 6,000 dropped /api/sync/events connections. Prints; asserts nothing.
//   BENCH_SERVER_ENTRY  another build's .output/server/index.mjs (e.g. an older release, to compare)
//   BENCH_DROPPED_STREAMS (default 6000)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { sendChunkedBody } from 'or3-provider-kit/testing'
import { browserLikeClient } from '../tests/integration/support/browser-like-client'
import { HOST_SERVER_ENTRY } from '../tests/integration/support/paths'
import { openRawEventStream } from '../tests/integration/support/raw-event-stream'
import { startServer } from '../tests/integration/support/start-server'
import { percentile, printTable } from './stats'

const MiB = 1024 * 1024
const DROPPED = Number(process.env.BENCH_DROPPED_STREAMS ?? 6000)
const BATCH = 200
const entry = process.env.BENCH_SERVER_ENTRY ?? HOST_SERVER_ENTRY

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

const dataDir = mkdtempSync(join(tmpdir(), 'or3-bench-abuse-'))
const server = await startServer({
  entry,
  cwd: dirname(dirname(dirname(entry))),
  env: {
    OR3_DATA_DIR: dataDir,
    OR3_PRESET: 'embedded',
    OR3_LIMITS_ENABLED: 'false',
    // Measure the leak, not the cap: every dropped stream must be admitted.
    OR3_EVENT_STREAMS_PER_USER: '100000',
  },
})
try {
  const port = Number(new URL(server.url).port)

  // 1. Memory across four 150 MiB chunked POSTs with no session.
  const rssBefore = rssMiB(server.pid)
  const posts: Array<{ status: number | null; sentMiB: number }> = []
  for (let i = 0; i < 4; i++) {
    const result = await sendChunkedBody(port, {
      path: '/api/sync/push',
      totalBytes: 150 * MiB,
      headers: { 'content-type': 'application/json' },
      timeoutMs: 120_000,
    })
    posts.push({ status: result.status, sentMiB: result.sentBytes / MiB })
  }
  await Bun.sleep(500)
  printTable('Four 150 MiB chunked POSTs, no session, no Content-Length (server RSS)', [
    {
      'RSS before MiB': rssBefore,
      'RSS after MiB': rssMiB(server.pid),
      statuses: posts.map((p) => p.status ?? 'cut').join(' '),
      'MiB the server took, each': posts.map((p) => p.sentMiB.toFixed(0)).join(' '),
    },
  ])

  // 2. Push latency before and after many dropped event streams.
  const device = browserLikeClient(server.url)
  await device.post('/api/basic-auth/register', { email: 'bench-abuse@example.com', password: 'benchmark passphrase' })
  const workspaceId = (await device.get('/api/auth/session')).body.workspace.id as string
  const cookie = [...device.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  let opCount = 0
  const pushLatencies = async (runs: number) => {
    const samples: number[] = []
    for (let i = 0; i < runs; i++) {
      const opId = `abuse-${opCount++}`
      const op = {
        opId,
        tableName: 'threads',
        operation: 'put',
        pk: opId,
        payload: { id: opId, title: opId },
        stamp: { deviceId: 'bench', opId, hlc: `${Date.now()}:0000:bench`, clock: 1 },
      }
      const started = performance.now()
      const pushed = await device.post('/api/sync/push', { scope: { workspaceId }, ops: [op] })
      if (pushed.status !== 200) throw new Error(`push answered ${pushed.status}`)
      samples.push(performance.now() - started)
    }
    return samples
  }
  // The first account is the deployment admin: its status page counts open streams (when the
  // build has that count; older ones do not).
  const openStreams = async () => String((await device.get('/api/admin/status')).body?.eventStreams?.open ?? 'n/a')
  const row = async (label: string, samples: number[]) => ({
    when: label,
    'push p50 ms': percentile(samples, 50),
    'push p99 ms': percentile(samples, 99),
    'RSS MiB': rssMiB(server.pid),
    'open streams': await openStreams(),
  })
  await pushLatencies(20)
  const rows = [await row('before', await pushLatencies(100))]
  for (let opened = 0; opened < DROPPED; opened += BATCH) {
    const streams = Array.from({ length: Math.min(BATCH, DROPPED - opened) }, () =>
      openRawEventStream(server.url, `/api/sync/events?workspaceId=${workspaceId}`, { cookie }),
    )
    await Promise.all(streams.map((stream) => stream.waitFor(/event: ready/, 30_000)))
    for (const stream of streams) stream.drop()
  }
  await Bun.sleep(1_000)
  rows.push(await row(`after ${DROPPED} dropped streams`, await pushLatencies(100)))
  printTable(`Sync push latency around ${DROPPED} dropped /api/sync/events connections (embedded host, loopback)`, rows)
} finally {
  await server.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
