// Writes the generated parts of docs/decoupling/ from a run's evidence, or checks that the
// committed record says what the run proved.
//
//   bun scripts/decoupling-record/write-record.ts --write [--matrix <file>]
//   bun scripts/decoupling-record/write-record.ts --check [--matrix <file>]
//
// `--matrix` is the evidence file of a full matrix run (`scripts/matrix/run-matrix.ts
// --evidence`; `bun run test` leaves it at test-results/decoupling/matrix.json). The guardrail
// and the repository checks run here. Generated parts sit between `<!-- generated:NAME -->` and
// `<!-- /generated:NAME -->`; everything else in the files is prose and stays as written.
// Timings are never part of the record. Exit code 1 from --check when the record differs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { COMBINATION_NAMES, combination } from '../matrix/combinations'
import type { RowEvidence, StepId } from '../matrix/evidence'
import { DEFINITION_OF_DONE, STAGES, type RunEvidence } from './definition-of-done'
import { renderTable, statusOf, type ItemStatus } from './evidence-table'

const repoRoot = resolve(import.meta.dirname, '../..')
const RECORD_DIR = join(repoRoot, 'docs/decoupling')
const STATUS_WORDS: Record<ItemStatus, string> = { proven: '**proven**', pending: '**pending**', 'not proven': '**NOT PROVEN**' }

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    matrix: { type: 'string', default: join(repoRoot, 'test-results/decoupling/matrix.json') },
  },
})
if (values.write === values.check) {
  console.error('usage: bun scripts/decoupling-record/write-record.ts (--write | --check) [--matrix <evidence file>]')
  process.exit(2)
}
if (!existsSync(values.matrix!)) {
  console.error(`No matrix evidence at ${values.matrix}: run the matrix first (bun run test, or bun scripts/matrix/run-matrix.ts --evidence <file>).`)
  process.exit(2)
}
const run: RunEvidence = { repoRoot, matrix: (JSON.parse(readFileSync(values.matrix!, 'utf8')) as { rows: RowEvidence[] }).rows }
const items = DEFINITION_OF_DONE.map((item) => ({ item, evidence: item.evidence(run) }))

const blocks: Record<string, Record<string, string>> = {
  'tasks.md': { 'definition-of-done': renderItems() },
  'PROGRESS_SUMMARY.md': { stages: renderStages() },
  'FINAL_STATUS.md': { status: renderStatus() },
}

let differs = false
for (const [file, replacements] of Object.entries(blocks)) {
  const path = join(RECORD_DIR, file)
  const current = readFileSync(path, 'utf8')
  let next = current
  for (const [name, content] of Object.entries(replacements)) next = replaceBlock(next, name, content, file)
  if (next === current) continue
  if (values.write) {
    writeFileSync(path, next)
    console.log(`record: rewrote docs/decoupling/${file}`)
  } else {
    differs = true
    console.error(`record: docs/decoupling/${file} differs from what this run proved:\n${firstDifference(current, next)}`)
  }
}
if (differs) {
  console.error('Update it from a full run: bun run test, then bun run record (and commit docs/decoupling/).')
  process.exit(1)
}
console.log(values.write ? 'record: written' : 'record: the committed record matches this run')

function replaceBlock(text: string, name: string, content: string, file: string): string {
  const open = `<!-- generated:${name} -->`
  const close = `<!-- /generated:${name} -->`
  const start = text.indexOf(open)
  const end = text.indexOf(close)
  if (start === -1 || end < start) throw new Error(`docs/decoupling/${file} has no ${open} … ${close} block`)
  return `${text.slice(0, start + open.length)}\n${content}\n${text.slice(end)}`
}

function renderItems(): string {
  const out: string[] = []
  for (const { stage, title } of STAGES) {
    out.push(`### Stage ${stage}: ${title}`, '')
    for (const { item, evidence } of items.filter(({ item }) => item.stage === stage)) {
      const pending = evidence.pending?.length ? ` (${evidence.pending.join(', ')}: expected to fail until the work they wait for lands)` : ''
      out.push(`#### ${item.text}`, '', `${STATUS_WORDS[statusOf(evidence)]}${pending}`, '', renderTable(evidence.rows), '')
    }
  }
  return out.join('\n').trimEnd()
}

function renderStages(): string {
  const rows = STAGES.map(({ stage, title }) => {
    const statuses = items.filter(({ item }) => item.stage === stage).map(({ evidence }) => statusOf(evidence))
    const proven = statuses.filter((status) => status === 'proven').length
    const overall: ItemStatus = statuses.includes('not proven') ? 'not proven' : statuses.includes('pending') ? 'pending' : 'proven'
    return `| ${stage} | ${title} | ${proven} of ${statuses.length} | ${STATUS_WORDS[overall]} |`
  })
  return ['| stage | what | items proven | status |', '|---|---|---|---|', ...rows].join('\n')
}

function renderStatus(): string {
  const steps: [StepId[], string][] = [
    [['install'], 'install'],
    [['wizard'], 'wizard'],
    [['absent-installed', 'absent-built'], 'SDKs absent'],
    [['build'], 'build'],
    [['typecheck'], 'typecheck'],
    [['boot-check'], 'boot check'],
    [['functional'], 'D'],
  ]
  const mark = (row: RowEvidence | undefined, ids: StepId[]) => {
    const found = ids.map((id) => row?.steps.find((step) => step.id === id)?.status)
    if (found.every((status) => status === 'ok')) return '✓'
    if (found.includes('failed')) return '✗'
    return '—'
  }
  const table = COMBINATION_NAMES.map((name) => {
    const row = run.matrix.find((candidate) => candidate.name === name)
    const { label, preset, absentSdks } = combination(name)
    const verdict = !row ? 'did not run' : { passed: 'passed', failed: '**failed**', pending: 'pending', 'passed-while-pending': 'passed (still marked pending)' }[row.status]
    return `| ${label} | \`${preset}\` | ${absentSdks.length ? absentSdks.map((sdk) => (sdk.startsWith('@') ? `${sdk}/*` : sdk)).join(', ') : '—'} | ${steps.map(([ids]) => mark(row, ids)).join(' | ')} | ${verdict} |`
  })
  const counts = items.map(({ evidence }) => statusOf(evidence))
  const pendingRows = run.matrix.filter((row) => row.status === 'pending').map((row) => `${row.label} (${row.pendingOn}): ${row.failure}`)
  return [
    `Definition of done: ${counts.filter((s) => s === 'proven').length} of ${counts.length} items proven, ${counts.filter((s) => s === 'pending').length} pending, ${counts.filter((s) => s === 'not proven').length} not proven.`,
    '',
    `| row | preset | must be absent | ${steps.map(([, title]) => title).join(' | ')} | row |`,
    `|---|---|---|${steps.map(() => '---').join('|')}|---|`,
    ...table,
    '',
    ...(pendingRows.length ? ['Pending rows stop at:', '', ...pendingRows.map((line) => `- ${line}`)] : ['No row is pending.']),
  ].join('\n')
}

function firstDifference(before: string, after: string): string {
  const a = before.split('\n')
  const b = after.split('\n')
  const at = a.findIndex((line, i) => line !== b[i])
  const index = at === -1 ? a.length : at
  return [`  at line ${index + 1}:`, `  committed: ${a[index] ?? '(end of file)'}`, `  this run:  ${b[index] ?? '(end of file)'}`].join('\n')
}
