import type { SyncedTable } from 'or3-provider-kit'
import type { LocalWriter, RowInput } from '../db/local-writes'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { ARCHIVE_TABLES, primaryKeyOf, rowContent, type ArchiveTable, type ImportPlan } from './archive-format'

export interface ImportResult {
  /** Rows written, by table. */
  added: Record<ArchiveTable, number>
  /** Rows the workspace already had (an import never changes a live row). */
  alreadyHere: number
  /** Attachment bytes this device did not have before. */
  newFiles: Array<{ hash: string; blob: Blob }>
}

export interface ApplyImportOptions {
  db: WorkspaceDatabase
  writer: LocalWriter
  now?: () => number
  /** Rows (and files) written so far, of all there are. */
  onProgress?: (done: number, total: number) => void
}

/**
 * Writes a checked plan into the open workspace in ONE local-write transaction (rows, their
 * pending ops and the attachment bytes): a failure anywhere leaves nothing of it behind, and
 * the rows sync like any other local write. A row whose key the workspace already has, live,
 * is left as it is, so importing the same file twice adds nothing; a deleted one comes back.
 */
export async function applyImport(plan: ImportPlan, options: ApplyImportOptions): Promise<ImportResult> {
  const { db, writer } = options
  const now = options.now ?? Date.now
  const total = ARCHIVE_TABLES.reduce((sum, table) => sum + plan.rows[table].length, 0) + plan.blobs.size
  const result: ImportResult = { added: { projects: 0, file_meta: 0, threads: 0, messages: 0, posts: 0, kv: 0 }, alreadyHere: 0, newFiles: [] }
  let done = 0
  const step = () => options.onProgress?.(++done, total)

  await writer.batch(
    async (batch) => {
      for (const table of ARCHIVE_TABLES) {
        const synced = db.syncedTable(table as SyncedTable)
        for (const row of plan.rows[table]) {
          const existing = await synced.get(primaryKeyOf(table, row))
          if (existing && !existing.deleted) result.alreadyHere++
          else {
            await batch.put(table, rowContent(row) as RowInput<typeof table>)
            result.added[table]++
          }
          step()
        }
      }
      for (const [hash, blob] of plan.blobs) {
        if (!(await db.file_blobs.get(hash))) {
          await db.file_blobs.put({ hash, blob, stored_at: now() })
          result.newFiles.push({ hash, blob })
        }
        step()
      }
    },
    { alsoTables: ['file_blobs'] },
  )
  options.onProgress?.(total, total)
  return result
}
