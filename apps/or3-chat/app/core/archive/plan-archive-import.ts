import { shouldSyncRow } from '../db/capture-policy'
import { hashBytes } from '../storage/hash-blob'
import {
  ARCHIVE_ROW_SCHEMAS,
  damaged,
  emptyPlan,
  parseManifest,
  primaryKeyOf,
  sha256Hex,
  type ArchiveRow,
  type ImportPlan,
} from './archive-format'

/**
 * Checks an OR3 archive completely before anything is written: every part is present and
 * matches its checksum, every row parses and has the fields an import relies on, every
 * attachment's bytes are the ones its hash names. Rows are kept exactly as they were read, with
 * fields this version does not know.
 */
export async function planArchiveImport(manifestBytes: Uint8Array, entries: Map<string, Uint8Array>): Promise<ImportPlan> {
  const manifest = parseManifest(manifestBytes)
  const plan = emptyPlan()
  const seen = new Map<string, Set<string>>()
  const decoder = new TextDecoder('utf-8', { fatal: true })

  for (const part of manifest.parts) {
    const bytes = entries.get(part.path)
    if (!bytes) throw damaged(`${part.path} is missing`)
    if ((await sha256Hex(bytes)) !== part.sha256) throw damaged(`${part.path} does not match its checksum`)
    let lines: string[]
    try {
      lines = decoder.decode(bytes).split('\n').filter((line) => line.trim())
    } catch {
      throw damaged(`${part.path} is not text`)
    }
    if (lines.length !== part.rows) throw damaged(`${part.path} should hold ${part.rows} rows`)
    const keys = seen.get(part.table) ?? new Set<string>()
    seen.set(part.table, keys)
    for (const line of lines) {
      const row = parseRow(line, part.path)
      if (!ARCHIVE_ROW_SCHEMAS[part.table].safeParse(row).success) throw damaged(`a row of ${part.path} lacks fields every ${part.table} row has`)
      const key = primaryKeyOf(part.table, row)
      if (keys.has(key)) throw damaged(`${part.table} row ${key} appears twice`)
      keys.add(key)
      // Secrets and this device's own settings never travel, whatever an archive holds.
      if (part.table === 'kv' && !shouldSyncRow('kv', key)) continue
      plan.rows[part.table].push(row)
    }
  }

  const threads = seen.get('threads') ?? new Set<string>()
  for (const message of plan.rows.messages) {
    if (!threads.has(message.thread_id as string)) throw damaged(`message ${message.id as string} belongs to no chat in it`)
  }

  const mimeTypes = new Map(plan.rows.file_meta.map((row) => [row.hash as string, row.mime_type as string]))
  for (const attachment of manifest.attachments) {
    const bytes = entries.get(attachment.path)
    const name = attachment.path.split('/').at(-1)
    if (!bytes) throw damaged(`the attached file ${name} is missing`)
    if ((await hashBytes(bytes)) !== attachment.hash) throw damaged(`the attached file ${name} is not the one it names`)
    plan.blobs.set(attachment.hash, new Blob([bytes as BlobPart], { type: mimeTypes.get(attachment.hash) ?? '' }))
  }
  return plan
}

function parseRow(line: string, path: string): ArchiveRow {
  let row: unknown
  try {
    row = JSON.parse(line)
  } catch {
    throw damaged(`a row of ${path} is not JSON`)
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw damaged(`a row of ${path} is not an object`)
  return row as ArchiveRow
}
