// Time to first byte of a streamed chat answer through `POST /api/chat/stream` (the built host,
// local-only mode, instance key) against the same test upstream called directly: the proxy's
// overhead. Also the time to the whole answer. Prints a table; asserts nothing.
//   BENCH_CHAT_RUNS (default 200) measured runs per path, after 20 warm-up runs.
import { HOST_DIR, HOST_SERVER_ENTRY } from '../tests/integration/support/paths'
import { startServer } from '../tests/integration/support/start-server'
import { startTestLlmServer } from '../tests/support/test-llm-server'
import { percentile, printTable } from './stats'

const RUNS = Number(process.env.BENCH_CHAT_RUNS ?? 200)
const WARMUP = 20
const PROMPT = 'benchmark reply of twelve words to measure the first byte and the rest'

const llm = startTestLlmServer()
const server = await startServer({
  entry: HOST_SERVER_ENTRY,
  cwd: HOST_DIR,
  env: {
    OR3_CLOUD: 'false',
    OR3_LLM_BASE_URL: llm.baseUrl,
    OR3_LLM_API_KEY: 'bench-instance-key',
    OR3_LIMITS_ENABLED: 'false',
  },
})

interface Sample {
  ttfb: number
  total: number
}

/** One streamed request: ms to the first body chunk, and to the end of the body. */
async function measure(url: string, body: unknown, headers: Record<string, string>): Promise<Sample> {
  const t0 = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
  const reader = response.body.getReader()
  await reader.read()
  const ttfb = performance.now() - t0
  while (!(await reader.read()).done) {
    // drain
  }
  return { ttfb, total: performance.now() - t0 }
}

async function series(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Sample[]> {
  for (let i = 0; i < WARMUP; i++) await measure(url, body, headers)
  const samples: Sample[] = []
  for (let i = 0; i < RUNS; i++) samples.push(await measure(url, body, headers))
  return samples
}

try {
  const messages = [{ role: 'user', content: PROMPT }]
  const direct = await series(
    `${llm.baseUrl}/chat/completions`,
    { model: 'test/echo', messages, stream: true },
    { authorization: 'Bearer bench-instance-key' },
  )
  const proxied = await series(`${server.url}/api/chat/stream`, { model: 'test/echo', messages })

  const row = (path: string, samples: Sample[]) => ({
    path,
    runs: samples.length,
    'ttfb p50 ms': percentile(samples.map((s) => s.ttfb), 50),
    'ttfb p99 ms': percentile(samples.map((s) => s.ttfb), 99),
    'total p50 ms': percentile(samples.map((s) => s.total), 50),
    'total p99 ms': percentile(samples.map((s) => s.total), 99),
  })
  printTable('Chat stream time to first byte (loopback, test upstream, no chunk delay)', [
    row('upstream directly', direct),
    row('through /api/chat/stream', proxied),
  ])
} finally {
  await server.stop()
  await llm.stop()
}
