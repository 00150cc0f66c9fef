// The whole matrix: packs every OR3 package once, runs the rows (each in its own process and
// temporary host, several at a time), prints a timing table and writes what the run proved.
//
//   bun scripts/matrix/run-matrix.ts [row ...] [--concurrency <n>] [--evidence <file>]
//
// Concurrency defaults to what the machine holds: a row's build and type-check peak near 3 GiB,
// and more rows than cores + 1 only queue for the CPU. OR3_MATRIX_CONCURRENCY overrides it.
// Exit code 1 when a row failed that is not marked pending.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { COMBINATION_NAMES, isCombinationName, type CombinationName } from './combinations'
import { rowIsGreen, type RowEvidence, type StepId } from './evidence'
import { packAll, repoRoot } from './temp-host'

const GIB = 1024 ** 3
/** The steps the timing table shows, and their column titles. */
const COLUMNS: [StepId, string][] = [
  ['install', 'install'],
  ['wizard', 'wizard'],
  ['build', 'build'],
  ['typecheck', 'typecheck'],
  ['boot-check', 'boot'],
  ['functional', 'D'],
]

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { concurrency: { type: 'string' }, evidence: { type: 'string' } },
})
const unknown = positionals.filter((name) => !isCombinationName(name))
if (unknown.length) {
  console.error(`Unknown row(s): ${unknown.join(', ')}. Rows: ${COMBINATION_NAMES.join(', ')}.`)
  process.exit(2)
}
const rows = (positionals.length ? positionals : COMBINATION_NAMES) as CombinationName[]
const concurrency = Number(values.concurrency ?? process.env.OR3_MATRIX_CONCURRENCY ?? defaultConcurrency())

const work = mkdtempSync(join(tmpdir(), 'or3-matrix-'))
const started = performance.now()
try {
  const tarballs = join(work, 'tarballs')
  const packStarted = performance.now()
  const packed = packAll(join(repoRoot, 'packages'), tarballs)
  console.log(`matrix: packed ${packed.length} packages once in ${((performance.now() - packStarted) / 1000).toFixed(1)} s; ${rows.length} rows, ${concurrency} at a time`)

  const results: RowEvidence[] = []
  const queue = [...rows]
  await Promise.all(
    Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) results.push(await runRowProcess(name, tarballs))
    }),
  )
  results.sort((a, b) => rows.indexOf(a.name as CombinationName) - rows.indexOf(b.name as CombinationName))
  printTimings(results, (performance.now() - started) / 1000, concurrency)
  if (values.evidence) {
    writeFileSync(resolve(values.evidence), `${JSON.stringify({ packed, rows: results }, null, 2)}\n`)
  }
  process.exitCode = results.every(rowIsGreen) ? 0 : 1
} finally {
  rmSync(work, { recursive: true, force: true })
}

/** A row in its own process (its doubles set process-wide env); its lines are prefixed with its name. */
async function runRowProcess(name: CombinationName, tarballs: string): Promise<RowEvidence> {
  const evidence = join(work, `${name}.json`)
  const proc = Bun.spawn(['bun', join(repoRoot, 'scripts/matrix/host-from-tarballs.ts'), name, '--tarballs', tarballs, '--evidence', evidence], {
    cwd: repoRoot,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  await Promise.all([prefixLines(proc.stdout, name, process.stdout), prefixLines(proc.stderr, name, process.stderr), proc.exited])
  try {
    return JSON.parse(readFileSync(evidence, 'utf8')) as RowEvidence
  } catch {
    // The row crashed before writing its evidence: record it as a failure of its first step.
    return { name, label: name, preset: '', status: 'failed', steps: [], failure: `the row exited with ${proc.exitCode} before writing its evidence`, seconds: 0 }
  }
}

async function prefixLines(stream: ReadableStream<Uint8Array>, name: string, out: NodeJS.WriteStream) {
  const decoder = new TextDecoder()
  let pending = ''
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true })
    const lines = pending.split('\n')
    pending = lines.pop()!
    for (const line of lines) out.write(`[${name}] ${line}\n`)
  }
  if (pending) out.write(`[${name}] ${pending}\n`)
}

function printTimings(results: RowEvidence[], wallSeconds: number, concurrency: number) {
  const header = ['row', ...COLUMNS.map(([, title]) => title), 'total', 'status']
  const table = results.map((row) => [
    row.label,
    ...COLUMNS.map(([id]) => {
      const step = row.steps.find((s) => s.id === id)
      return !step || step.status === 'skipped' ? '—' : `${step.seconds.toFixed(1)}${step.status === 'failed' ? '!' : ''}`
    }),
    row.seconds.toFixed(1),
    row.status,
  ])
  const widths = header.map((title, i) => Math.max(title.length, ...table.map((cells) => cells[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  console.log(`\nmatrix timings (seconds; ! = the step that failed; ${concurrency} rows at a time)`)
  console.log(line(header))
  for (const cells of table) console.log(line(cells))
  console.log(`wall clock: ${wallSeconds.toFixed(1)} s for ${results.length} rows (sum of rows: ${results.reduce((sum, row) => sum + row.seconds, 0).toFixed(1)} s)`)
}

function defaultConcurrency(): number {
  return Math.max(1, Math.min(rows.length, Math.floor(totalmem() / (4 * GIB)), availableParallelism() + 1))
}
