// One row of the matrix in a clean temporary host (see ./run-row.ts for the steps).
//
//   bun scripts/matrix/host-from-tarballs.ts <row> [--packages <dir> | --tarballs <dir>] [--evidence <file>]
//
// Rows are listed in ./combinations.ts. `--tarballs` takes tarballs packed already (the matrix
// runner packs once for every row); otherwise the OR3 packages of `--packages` (default: the
// repository's packages/) are packed first: the matrix's own test packs a broken copy to prove
// that a broken tarball fails the row. `--evidence` writes what the row proved as JSON.
//
// Exit code 0 when the row passed, or failed while marked pending; 1 otherwise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { COMBINATION_NAMES, isCombinationName } from './combinations'
import { rowIsGreen } from './evidence'
import { runRow } from './run-row'
import { packAll, repoRoot } from './temp-host'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    packages: { type: 'string', default: join(repoRoot, 'packages') },
    tarballs: { type: 'string' },
    evidence: { type: 'string' },
  },
})
const name = positionals[0]
if (!name || !isCombinationName(name)) {
  console.error(`usage: bun scripts/matrix/host-from-tarballs.ts <${COMBINATION_NAMES.join('|')}> [--packages <dir> | --tarballs <dir>] [--evidence <file>]`)
  process.exit(2)
}

const work = mkdtempSync(join(tmpdir(), `or3-matrix-${name}-`))
try {
  const tarballs = values.tarballs ? resolve(values.tarballs) : join(work, 'tarballs')
  if (!values.tarballs) packAll(resolve(values.packages!), tarballs)
  const row = await runRow(name, tarballs, work)
  if (values.evidence) writeFileSync(values.evidence, `${JSON.stringify(row, null, 2)}\n`)
  process.exitCode = rowIsGreen(row) ? 0 : 1
  const verdict = {
    passed: 'OK',
    failed: `FAILED: ${row.failure}`,
    pending: `PENDING, as expected (${row.pendingOn}): ${row.failure}`,
    'passed-while-pending': `OK, though marked pending (${row.pendingOn}): delete its pendingOn line in scripts/matrix/combinations.ts`,
  }[row.status]
  console.log(`matrix ${name}: ${verdict}`)
} finally {
  if (process.env.OR3_KEEP_MATRIX !== '1') rmSync(work, { recursive: true, force: true })
}
// Leftover handles (a double's socket) must not keep a finished row alive.
process.exit()
