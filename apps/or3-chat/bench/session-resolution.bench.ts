// Session resolution per request: `GET /api/auth/session` on loopback, signed in, for basic-auth
// (embedded host) next to Clerk (the Clerk test host on clerk-sqlite, against the Backend API
// double) with networkless verification (NUXT_CLERK_JWT_KEY) and with keys fetched once from the
// JWKS endpoint. Same run, same machine. Prints a table; asserts nothing.
//   BENCH_SESSION_REQUESTS (default 2000), after 200 warm-up requests each
import { existsSync } from 'node:fs'
import { startClerkHost } from '../tests/integration/support/clerk-host'
import { browserLikeClient, type BrowserLikeClient } from '../tests/integration/support/browser-like-client'
import { startEmbeddedHost } from '../tests/integration/support/embedded-host'
import { CLERK_HOST_DIR, CLERK_HOST_SERVER_ENTRY } from '../tests/integration/support/paths'
import { percentile, printTable } from './stats'

const REQUESTS = Number(process.env.BENCH_SESSION_REQUESTS ?? 2000)
const WARMUP = 200

// `bun run build` builds the app; the Clerk test host (the app plus or3-provider-clerk) is built here.
if (process.env.OR3_TEST_REUSE_BUILD !== '1' || !existsSync(CLERK_HOST_SERVER_ENTRY)) {
  const build = Bun.spawnSync(['bun', '--bun', 'nuxt', 'build'], {
    cwd: CLERK_HOST_DIR,
    env: { ...process.env, NODE_ENV: 'production' },
    stdout: 'ignore',
    stderr: 'inherit',
  })
  if (build.exitCode !== 0) process.exit(build.exitCode ?? 1)
}

async function measure(label: string, client: BrowserLikeClient) {
  const probe = await client.get('/api/auth/session')
  if (!probe.body?.authenticated) throw new Error(`${label}: not signed in: ${JSON.stringify(probe.body)}`)
  for (let i = 0; i < WARMUP; i++) await client.get('/api/auth/session')
  const latencies: number[] = []
  const started = performance.now()
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now()
    await client.get('/api/auth/session')
    latencies.push(performance.now() - t0)
  }
  const seconds = (performance.now() - started) / 1000
  return {
    'auth provider': label,
    requests: REQUESTS,
    'requests/s': Math.round(REQUESTS / seconds),
    'p50 ms': percentile(latencies, 50),
    'p99 ms': percentile(latencies, 99),
  }
}

const rows = []
const limitsOff = { OR3_LIMITS_ENABLED: 'false' }

const embedded = await startEmbeddedHost(limitsOff)
try {
  const client = browserLikeClient(embedded.url)
  await client.post('/api/basic-auth/register', { email: 'bench@example.com', password: 'benchmark passphrase' })
  rows.push(await measure('basic-auth', client))
} finally {
  await embedded.stop()
}

for (const [label, env] of [
  ['clerk, networkless (JWT key)', limitsOff],
  ['clerk, keys from JWKS (cached)', { ...limitsOff, NUXT_CLERK_JWT_KEY: '' }],
] as const) {
  const clerk = await startClerkHost(env)
  try {
    clerk.double.upsertUser({ id: 'user_bench', email: 'bench@example.com' })
    rows.push(await measure(label, clerk.browserFor('user_bench')))
  } finally {
    await clerk.stop()
  }
}

printTable('Session resolution per request (GET /api/auth/session, signed in, loopback)', rows)
console.log('Clerk reads the user through the Backend API once a minute per user (cached); the run stays within one period.')
