// Warm restart: `bun run start` from the repository root with nothing changed since the last build
// (`bun run bench` builds first), timed until the server answers, next to the server process
// alone (`bun .output/server/index.mjs`) and the 5 s target. Prints a table; asserts nothing.
//   BENCH_RESTART_RUNS (default 5)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { HOST_DIR, HOST_SERVER_ENTRY } from '../tests/integration/support/paths'
import { freePort } from '../tests/integration/support/start-server'
import { percentile, printTable } from './stats'

const RUNS = Number(process.env.BENCH_RESTART_RUNS ?? 5)
const repoRoot = resolve(HOST_DIR, '../..')

/** ms from spawning `cmd` until GET /api/auth/session answers 200. */
async function timeUntilReady(cmd: string[], cwd: string): Promise<number> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'or3-bench-restart-'))
  const started = performance.now()
  const proc = Bun.spawn(cmd, {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', OR3_DATA_DIR: dataDir },
    stdout: 'ignore',
    stderr: 'pipe',
  })
  try {
    while (true) {
      if (proc.exitCode !== null) throw new Error(`${cmd.join(' ')} exited: ${await new Response(proc.stderr).text()}`)
      const ok = await fetch(`http://127.0.0.1:${port}/api/auth/session`).then((r) => r.ok, () => false)
      if (ok) return performance.now() - started
      await Bun.sleep(10)
    }
  } finally {
    proc.kill()
    await proc.exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}

// Not counted: builds if anything changed since `bun run build`, so the runs below are warm.
await timeUntilReady(['bun', 'run', 'start'], repoRoot)
const startRuns: number[] = []
const serverRuns: number[] = []
for (let i = 0; i < RUNS; i++) {
  startRuns.push(await timeUntilReady(['bun', 'run', 'start'], repoRoot))
  serverRuns.push(await timeUntilReady(['bun', HOST_SERVER_ENTRY], HOST_DIR))
}

const row = (what: string, samples: number[]) => ({
  what,
  'p50 ms': percentile(samples, 50),
  'max ms': Math.max(...samples),
})
printTable(`Warm restart, ${RUNS} runs each (target ≤ 5,000 ms)`, [
  row('bun run start (install check, build check, server)', startRuns),
  row('server alone (bun .output/server/index.mjs)', serverRuns),
  { what: 'target', 'p50 ms': 5000, 'max ms': 5000 },
])
