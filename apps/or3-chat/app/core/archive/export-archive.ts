import { Zip, ZipDeflate, ZipPassThrough } from 'fflate'
import { shouldSyncRow } from '../db/capture-policy'
import { listMessages } from '../db/queries'
import { rowToPayload } from '../db/row-payload'
import type { SyncedRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'
import {
  ARCHIVE_FORMAT,
  ARCHIVE_TABLES,
  ARCHIVE_VERSION,
  MANIFEST_PATH,
  ROWS_PER_PART,
  safeFileName,
  primaryKeyOf,
  sha256Hex,
  type ArchiveManifest,
  type ArchiveRow,
  type ArchiveTable,
} from './archive-format'

export interface ExportSource {
  db: WorkspaceDatabase
  /** An attachment's bytes: from this device, or downloaded; null when they cannot be had. */
  readBlob?: (hash: string) => Promise<Blob | null>
  now?: () => number
}

/** Every live row of the workspace (threads, messages, projects, posts, synced settings) and its attachments. */
export async function exportWorkspaceArchive(source: ExportSource): Promise<Blob> {
  const archive = createArchiveWriter()
  const hashes = new Set<string>()
  const names = new Map<string, string>()
  for (const table of ARCHIVE_TABLES) {
    const collection = source.db.syncedTable(table)
    let part: Record<string, unknown>[] = []
    // Read a page at a time by primary key, so a large workspace is never read whole.
    let after = ''
    for (;;) {
      const page = await collection.where(':id').above(after).limit(ROWS_PER_PART).toArray()
      if (page.length === 0) break
      after = primaryKeyOf(table, page.at(-1) as unknown as ArchiveRow)
      for (const row of page) {
        if (!belongsInArchive(table, row)) continue
        noteAttachments(table, row, hashes, names)
        part.push(rowToPayload(row))
        if (part.length === ROWS_PER_PART) {
          await archive.addRows(table, part)
          part = []
        }
      }
    }
    await archive.addRows(table, part)
  }
  await addAttachments(archive, source, hashes, names)
  return archive.finish('workspace', (source.now ?? Date.now)())
}

/** One chat: its thread row, its messages (with every field they carry), its project and its attachments. */
export async function exportThreadArchive(source: ExportSource, threadId: string): Promise<Blob> {
  const { db } = source
  const thread = await db.threads.get(threadId)
  if (!thread || thread.deleted) throw new Error('This chat no longer exists, so it could not be exported')
  const messages = await listMessages(db, threadId)
  const hashes = new Set(messages.flatMap((message) => message.file_hashes ?? []))
  const fileMeta = (await db.file_meta.bulkGet([...hashes])).filter((row) => row !== undefined && !row.deleted)
  const project = thread.project_id ? await db.projects.get(thread.project_id) : undefined

  const archive = createArchiveWriter()
  const names = new Map<string, string>()
  for (const row of fileMeta) noteAttachments('file_meta', row!, hashes, names)
  await archive.addRows('projects', project && !project.deleted ? [rowToPayload(project)] : [])
  await archive.addRows('file_meta', fileMeta.map((row) => rowToPayload(row!)))
  await archive.addRows('threads', [rowToPayload(thread)])
  for (let start = 0; start < messages.length; start += ROWS_PER_PART) {
    await archive.addRows('messages', messages.slice(start, start + ROWS_PER_PART).map(rowToPayload))
  }
  await addAttachments(archive, source, hashes, names)
  return archive.finish('thread', (source.now ?? Date.now)())
}

/** Live rows only; settings only as far as they sync (secrets and this device's own settings stay here). */
function belongsInArchive(table: ArchiveTable, row: SyncedRow): boolean {
  if (row.deleted) return false
  return table !== 'kv' || shouldSyncRow('kv', (row as { name: string }).name)
}

function noteAttachments(table: ArchiveTable, row: SyncedRow, hashes: Set<string>, names: Map<string, string>) {
  if (table === 'file_meta') {
    const meta = row as { hash: string; name: string }
    hashes.add(meta.hash)
    names.set(meta.hash, meta.name)
  } else if (table === 'messages') {
    for (const hash of (row as { file_hashes?: string[] }).file_hashes ?? []) hashes.add(hash)
  }
}

async function addAttachments(archive: ArchiveWriter, source: ExportSource, hashes: Set<string>, names: Map<string, string>) {
  const readBlob = source.readBlob ?? (async (hash: string) => (await source.db.file_blobs.get(hash))?.blob ?? null)
  for (const hash of hashes) {
    const blob = await readBlob(hash)
    // Bytes that are on no device we can reach stay out; their file_meta row still travels.
    if (blob) await archive.addAttachment(hash, names.get(hash) ?? '', blob)
  }
}

type ArchiveWriter = ReturnType<typeof createArchiveWriter>

/**
 * Streams entries into a zip (fflate): each part and each attachment is compressed as it is
 * added and the archive is kept as the zip's own chunks, never as one string.
 */
function createArchiveWriter() {
  const chunks: Uint8Array[] = []
  let failure: Error | null = null
  const zip = new Zip((error, data) => {
    if (error) failure = error
    else chunks.push(data)
  })
  const manifest: Omit<ArchiveManifest, 'scope' | 'exported_at'> = { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, parts: [], attachments: [] }
  const partsOf = new Map<ArchiveTable, number>()
  const encoder = new TextEncoder()

  function addBytes(path: string, bytes: Uint8Array, compress: boolean) {
    const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path)
    zip.add(entry)
    entry.push(bytes, true)
  }

  return {
    async addRows(table: ArchiveTable, rows: Record<string, unknown>[]) {
      if (rows.length === 0) return
      const number = (partsOf.get(table) ?? 0) + 1
      partsOf.set(table, number)
      const path = `tables/${table}-${String(number).padStart(4, '0')}.jsonl`
      const bytes = encoder.encode(rows.map((row) => JSON.stringify(row)).join('\n') + '\n')
      manifest.parts.push({ path, table, rows: rows.length, sha256: await sha256Hex(bytes) })
      addBytes(path, bytes, true)
    },

    async addAttachment(hash: string, name: string, blob: Blob) {
      const hex = hash.slice('sha256:'.length)
      const path = `attachments/${hex}/${safeFileName(name, 'file')}`
      manifest.attachments.push({ path, hash: hash as `sha256:${string}`, size: blob.size })
      // Text compresses; images, PDFs and media are compressed already and are stored as they are.
      const entry = blob.type.startsWith('text/') ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path)
      zip.add(entry)
      const reader = blob.stream().getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        entry.push(value, false)
      }
      entry.push(new Uint8Array(0), true)
    },

    finish(scope: ArchiveManifest['scope'], exportedAt: number): Blob {
      const complete: ArchiveManifest = { ...manifest, scope, exported_at: exportedAt }
      addBytes(MANIFEST_PATH, encoder.encode(JSON.stringify(complete, null, 2)), true)
      zip.end()
      if (failure) throw failure
      return new Blob(chunks as BlobPart[], { type: 'application/zip' })
    },
  }
}
