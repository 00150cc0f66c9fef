// What a matrix run proves, step by step: written as JSON by the matrix and read by the
// decoupling record's generator (scripts/decoupling-record).
export type StepId = 'install' | 'wizard' | 'absent-installed' | 'build' | 'absent-built' | 'typecheck' | 'boot-check' | 'functional'

export interface StepEvidence {
  id: StepId
  title: string
  command: string
  /** null: not run, because an earlier step failed. */
  exitCode: number | null
  seconds: number
  /** Sentences that hold for every run of the row (no ids, ports or times). */
  lines: string[]
  status: 'ok' | 'failed' | 'skipped'
}

export type RowStatus = 'passed' | 'failed' | 'pending' | 'passed-while-pending'

export interface RowEvidence {
  name: string
  label: string
  preset: string
  pendingOn?: string
  status: RowStatus
  steps: StepEvidence[]
  failure?: string
  seconds: number
}

/** A row that passed, or a row marked pending that failed as expected: the run stays green. */
export function rowIsGreen(row: RowEvidence): boolean {
  return row.status !== 'failed'
}
