/** One piece of evidence: what was checked, by which command, its exit status, the lines that prove it. */
export interface EvidenceRow {
  subject: string
  command: string
  /** null: not a command (a file read, a function evaluated). */
  exitCode: number | null
  lines: string[]
}

export interface Evidence {
  /** Everything proven; a row marked pending that failed as expected makes it `pending` instead. */
  ok: boolean
  pending?: string[]
  rows: EvidenceRow[]
}

export type ItemStatus = 'proven' | 'pending' | 'not proven'

export function statusOf(evidence: Evidence): ItemStatus {
  if (evidence.ok) return evidence.pending?.length ? 'pending' : 'proven'
  return 'not proven'
}

export function renderTable(rows: EvidenceRow[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|')
  return [
    '| subject | command | exit | what it showed |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${cell(row.subject)} | \`${cell(row.command)}\` | ${row.exitCode ?? '—'} | ${row.lines.map(cell).join('<br>')} |`),
  ].join('\n')
}
