import { shallowRef } from 'vue'
import { exportThreadArchive, exportWorkspaceArchive, type ExportSource } from '~/core/archive/export-archive'
import { describeImport, importFile, type ImportProgress } from '~/core/archive/import-file'
import { exportFileName, exportThreadMarkdown } from '~/core/archive/thread-markdown'
import type { WorkspaceSession } from '~/core/workspace/workspace-session'
import { useWorkspaceDb } from './useWorkspaceDb'

/** Hands a file to the browser as a download. */
function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  // The browser has taken the bytes once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Attachments come from this device, or are downloaded first (cloud mode) so the archive is complete. */
function exportSource(open: WorkspaceSession): ExportSource {
  const storage = open.storage
  return {
    db: open.db,
    readBlob: storage
      ? (hash) => storage.ensureBlob(hash).catch(() => null)
      : async (hash) => (await open.db.file_blobs.get(hash))?.blob ?? null,
  }
}

const today = () => new Date().toISOString().slice(0, 10)

/** Export of a chat or of the open workspace, and import of a file into it, with its progress. */
export function useArchive() {
  const { whenOpen } = useWorkspaceDb()
  const progress = shallowRef<ImportProgress | null>(null)
  const importing = shallowRef(false)

  async function exportWorkspace(): Promise<void> {
    const open = await whenOpen()
    download(await exportWorkspaceArchive(exportSource(open)), `or3-workspace-${today()}.zip`)
  }

  async function exportThread(threadId: string, title: string, format: 'archive' | 'markdown'): Promise<void> {
    const open = await whenOpen()
    if (format === 'markdown') {
      const markdown = await exportThreadMarkdown(open.db, threadId)
      download(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }), exportFileName(title, 'md'))
    } else {
      download(await exportThreadArchive(exportSource(open), threadId), exportFileName(title, 'or3.zip'))
    }
  }

  /** Imports a file into the open workspace; resolves with what it did, in one sentence (or throws one). */
  async function importInto(file: File): Promise<string> {
    importing.value = true
    progress.value = { phase: 'reading', done: 0, total: file.size }
    try {
      const open = await whenOpen()
      const result = await importFile(file, open, (step) => {
        progress.value = step
      })
      return describeImport(result)
    } finally {
      importing.value = false
      progress.value = null
    }
  }

  return { exportWorkspace, exportThread, importInto, importing, progress }
}
