// The decoupling's definition of done, item by item, each with the function that gathers its
// evidence from a run: the matrix's evidence file, or the repository as it is.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { COMBINATION_NAMES, combination, type CombinationName } from '../matrix/combinations'
import type { RowEvidence, StepId } from '../matrix/evidence'
import type { Evidence, EvidenceRow } from './evidence-table'
import { PROVIDER_PACKAGES as PACKAGE_OF } from '../../apps/or3-chat/scripts/or3-cloud/selection'
import { PRESETS } from '../../apps/or3-chat/shared/config/presets'
import { convexDefaultsEvidence, guardrailEvidence, hostManifestEvidence, manifestEvidence, moduleListEvidence, suitesEvidence } from './repository-evidence'

export interface RunEvidence {
  repoRoot: string
  matrix: RowEvidence[]
}

export interface DoneItem {
  id: string
  stage: number
  text: string
  evidence(run: RunEvidence): Evidence
}

export const STAGES: { stage: number; title: string }[] = [
  { stage: 1, title: 'Contracts and the kit' },
  { stage: 2, title: 'The host is core only' },
  { stage: 3, title: 'The embedded providers as packages' },
  { stage: 4, title: 'The guardrail' },
  { stage: 5, title: 'Clerk as a package' },
  { stage: 6, title: 'Convex as a package' },
  { stage: 7, title: 'The matrix from packed tarballs' },
  { stage: 8, title: 'The setup wizard and this record' },
]

export const DEFINITION_OF_DONE: DoneItem[] = [
  {
    id: 'kit-suites',
    stage: 1,
    text: 'Every provider package runs the kit’s conformance suite of each contract it offers (`bun run test` runs them all)',
    evidence: ({ repoRoot }) => suitesEvidence(repoRoot, PROVIDER_PACKAGES, pendingPackages()),
  },
  { id: 'host-manifest', stage: 2, text: 'The host’s package.json lists no provider SDK', evidence: ({ repoRoot }) => hostManifestEvidence(repoRoot) },
  { id: 'module-ids', stage: 2, text: 'The host includes provider modules by package module id only', evidence: ({ repoRoot }) => moduleListEvidence(repoRoot) },
  { id: 'defaults', stage: 2, text: 'No default names Convex unless Convex is selected', evidence: () => convexDefaultsEvidence() },
  {
    id: 'embedded-packages',
    stage: 3,
    text: 'basic-auth, sqlite and fs are npm-ready packages (exports `.` and `./nuxt`, types first, `dist`, peers `nuxt` and the kit)',
    evidence: ({ repoRoot }) => manifestEvidence(repoRoot, ['or3-provider-basic-auth', 'or3-provider-fs', 'or3-provider-sqlite']),
  },
  { id: 'guardrail', stage: 4, text: 'The banned-imports guardrail passes on the host', evidence: ({ repoRoot }) => guardrailEvidence(repoRoot) },
  { id: 'clerk-package', stage: 5, text: 'or3-provider-clerk is an npm-ready package', evidence: ({ repoRoot }) => manifestEvidence(repoRoot, ['or3-provider-clerk']) },
  {
    id: 'clerk-serves',
    stage: 5,
    text: 'A built host signs people in with Clerk (the matrix rows with Clerk pass D)',
    evidence: ({ matrix }) => matrixStep(matrix, ['functional'], ['full-stack', 'no-convex']),
  },
  { id: 'convex-package', stage: 6, text: 'or3-provider-convex is an npm-ready package', evidence: ({ repoRoot }) => manifestEvidence(repoRoot, ['or3-provider-convex']) },
  {
    id: 'convex-serves',
    stage: 6,
    text: 'A built host runs workspaces, sync and files on Convex (the matrix rows with Convex pass D)',
    evidence: ({ matrix }) => matrixStep(matrix, ['functional'], ['full-stack', 'no-clerk']),
  },
  {
    id: 'install',
    stage: 7,
    text: 'Each combination installs into a clean host from packed tarballs, third-party versions held to the workspace lock',
    evidence: ({ matrix }) => matrixStep(matrix, ['install']),
  },
  { id: 'build', stage: 7, text: 'Each combination builds (`nuxt build`)', evidence: ({ matrix }) => matrixStep(matrix, ['build']) },
  { id: 'typecheck', stage: 7, text: 'Each combination type-checks (`nuxt typecheck`)', evidence: ({ matrix }) => matrixStep(matrix, ['typecheck']) },
  {
    id: 'absent-sdks',
    stage: 7,
    text: 'SDKs a combination did not choose are absent from its node_modules and its build output',
    evidence: ({ matrix }) => matrixStep(matrix, ['absent-installed', 'absent-built']),
  },
  { id: 'boot-check', stage: 7, text: 'The server’s own boot check accepts each combination', evidence: ({ matrix }) => matrixStep(matrix, ['boot-check']) },
  {
    id: 'functional',
    stage: 7,
    text: 'D: workspace CRUD, sync push/pull, a storage round trip and token minting work through each built server against the test doubles',
    evidence: ({ matrix }) => matrixStep(matrix, ['functional']),
  },
  {
    id: 'wizard',
    stage: 8,
    text: '`bun run or3-cloud init --preset <each> --yes` sets up each combination in a clean temporary host',
    evidence: ({ matrix }) => matrixStep(matrix, ['wizard']),
  },
  { id: 'record-linked', stage: 8, text: 'This record is linked from the README and docs/architecture.md', evidence: ({ repoRoot }) => linkEvidence(repoRoot) },
]

const PROVIDER_PACKAGES = [...new Set(Object.values(PACKAGE_OF))].sort()

/** Packages that a pending matrix row waits for (its preset's Convex), with the reason. */
function pendingPackages(): Record<string, string> {
  const pending: Record<string, string> = {}
  for (const name of COMBINATION_NAMES) {
    const { preset, pendingOn } = combination(name)
    if (!pendingOn) continue
    const { sync, storage } = PRESETS[preset]
    for (const id of [sync, storage]) if (id === 'convex') pending[PACKAGE_OF[id]!] = pendingOn
  }
  return pending
}

/** One matrix step (or several) across every row; a row marked pending may fail it as expected. */
function matrixStep(matrix: RowEvidence[], ids: StepId[], only: CombinationName[] = COMBINATION_NAMES): Evidence {
  const rows: EvidenceRow[] = []
  const pending: string[] = []
  let ok = true
  for (const name of only) {
    const row = matrix.find((candidate) => candidate.name === name)
    const { label, preset, pendingOn } = combination(name)
    if (!row) {
      ok = false
      rows.push({ subject: `${label} (${preset})`, command: '—', exitCode: null, lines: ['no evidence: the row did not run'] })
      continue
    }
    for (const id of ids) {
      const step = row.steps.find((candidate) => candidate.id === id)
      const proven = step?.status === 'ok'
      if (!proven && pendingOn) pending.push(label)
      else if (!proven) ok = false
      const lines = !step || step.status === 'skipped' ? ['not run: an earlier step failed'] : step.lines
      rows.push({
        subject: `${label} (${preset})`,
        command: step?.command ?? '—',
        exitCode: step?.exitCode ?? null,
        lines: !proven && pendingOn ? [...lines, `expected while pending (${pendingOn})`] : lines,
      })
    }
  }
  return { ok, pending: [...new Set(pending)], rows }
}

function linkEvidence(repoRoot: string): Evidence {
  const rows = ['README.md', 'docs/architecture.md'].map((file) => {
    const linked = readFileSync(join(repoRoot, file), 'utf8').includes('decoupling/')
    return { subject: file, command: 'read the file', exitCode: null, lines: [linked ? 'links docs/decoupling/' : 'has no link to docs/decoupling/'] }
  })
  return { ok: rows.every((row) => row.lines[0]!.startsWith('links')), rows }
}
