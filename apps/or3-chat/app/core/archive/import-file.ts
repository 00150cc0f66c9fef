import type { LocalWriter } from '../db/local-writes'
import type { WorkspaceDatabase } from '../db/workspace-database'
import type { StorageQueue } from '../storage/storage-queue'
import { applyImport, type ImportResult } from './apply-import'
import { damaged, ImportRefusedError, type ImportPlan } from './archive-format'
import { planArchiveImport } from './plan-archive-import'
import { planChatGptImport } from './plan-chatgpt-import'
import { readImportFile } from './read-import-file'

export type ImportPhase = 'reading' | 'checking' | 'writing'
export interface ImportProgress {
  phase: ImportPhase
  done: number
  total: number
}

export interface ImportTarget {
  db: WorkspaceDatabase
  writer: LocalWriter
  /** The workspace's storage queue in cloud mode: imported attachments are uploaded through it. */
  storage?: StorageQueue | null
}

/**
 * Imports an OR3 archive or a ChatGPT export into the open workspace: read, check everything,
 * then write it all in one transaction. Anything wrong with the file is an ImportRefusedError
 * whose message is one sentence, and nothing is written.
 */
export async function importFile(file: Blob, target: ImportTarget, onProgress?: (progress: ImportProgress) => void): Promise<ImportResult> {
  let plan: ImportPlan
  try {
    const source = await readImportFile(file, (done, total) => onProgress?.({ phase: 'reading', done, total }))
    onProgress?.({ phase: 'checking', done: 0, total: 1 })
    plan = source.kind === 'or3' ? await planArchiveImport(source.manifest, source.entries) : await planChatGptImport(source.conversations)
  } catch (error) {
    if (error instanceof ImportRefusedError) throw error
    throw damaged('it cannot be read')
  }

  let result: ImportResult
  try {
    result = await applyImport(plan, { db: target.db, writer: target.writer, onProgress: (done, total) => onProgress?.({ phase: 'writing', done, total }) })
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\.$/, '') : String(error)
    throw new ImportRefusedError(`The import could not be saved (${reason}), so nothing was imported.`)
  }

  if (target.storage) {
    const names = new Map(plan.rows.file_meta.map((row) => [row.hash as string, row.name as string]))
    for (const { hash, blob } of result.newFiles) {
      // Uploads retry on their own and show in the sync status; the rows are already saved.
      target.storage.upload(blob, { name: names.get(hash) ?? hash, mimeType: blob.type || undefined }).catch(() => undefined)
    }
  }
  return result
}

/** What an import did, in one sentence. */
export function describeImport(result: ImportResult): string {
  const { threads, messages, projects, posts, kv } = result.added
  const parts = [
    count(threads, 'chat'),
    count(messages, 'message'),
    count(result.newFiles.length, 'file'),
    count(projects, 'project'),
    count(posts, 'post'),
    count(kv, 'setting'),
  ].filter(Boolean)
  if (parts.length === 0) return 'Nothing new to import: everything in this file is already in this workspace.'
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
  return `Imported ${list}.`
}

function count(n: number, noun: string): string {
  return n === 0 ? '' : `${n} ${noun}${n === 1 ? '' : 's'}`
}
