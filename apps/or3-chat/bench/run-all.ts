// `bun run bench`: every benchmark, one after another, against the built host. Benchmarks print
// tables; they assert nothing (tests never assert timings).
import { readdirSync } from 'node:fs'

const benches = readdirSync(import.meta.dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort()
for (const file of benches) {
  const run = Bun.spawnSync(['bun', `${import.meta.dir}/${file}`], { stdout: 'inherit', stderr: 'inherit' })
  if (run.exitCode !== 0) process.exit(run.exitCode ?? 1)
}
