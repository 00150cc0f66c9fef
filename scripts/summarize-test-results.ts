// Adds up one run into the closing line CI reads: the Vitest JSON reports, the matrix's rows
// (a row marked pending that failed as expected counts as skipped) and the record check.
//
//   bun scripts/summarize-test-results.ts <reports dir> [--matrix <evidence> --matrix-status <code>] [--record-status <code>]
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { RowEvidence } from './matrix/evidence'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { matrix: { type: 'string' }, 'matrix-status': { type: 'string' }, 'record-status': { type: 'string' } },
})
const dir = positionals[0]
if (!dir) throw new Error('usage: bun scripts/summarize-test-results.ts <reports dir> [--matrix <file> --matrix-status <code>] [--record-status <code>]')

let passed = 0
let failed = 0
let skipped = 0
const line = (name: string, text: string) => console.log(`${name.padEnd(28)} ${text}`)

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
  }
  line(file.replace(/\.json$/, ''), `${report.numPassedTests} passed, ${report.numFailedTests} failed`)
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + report.numTodoTests
}

if (values['matrix-status'] !== undefined) {
  const rows = values.matrix && existsSync(values.matrix) ? (JSON.parse(readFileSync(values.matrix, 'utf8')) as { rows: RowEvidence[] }).rows : []
  const green = rows.filter((row) => row.status === 'passed' || row.status === 'passed-while-pending').length
  const pending = rows.filter((row) => row.status === 'pending').length
  // A matrix that failed before any row reported (packing, a crash) still fails the run.
  const red = rows.filter((row) => row.status === 'failed').length || (values['matrix-status'] !== '0' ? 1 : 0)
  line('matrix rows', `${green} passed, ${red} failed${pending ? `, ${pending} pending` : ''}`)
  passed += green
  failed += red
  skipped += pending
}
if (values['record-status'] !== undefined) {
  const ok = values['record-status'] === '0'
  line('decoupling record', ok ? 'matches the run' : 'differs from the run, or was not checked')
  if (ok) passed += 1
  else failed += 1
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
