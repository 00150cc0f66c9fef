import { isOfflineError, isProviderError, type BlobHash, type ObjectStorageProvider } from 'or3-provider-kit'
import type { LocalWriter } from '../db/local-writes'
import type { FileKind, FileMetaRow, TransferDirection, TransferRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { realScheduler, type BackoffPolicy, type Scheduler } from '../scheduling/scheduler'
import { BlobHashMismatchError, hashBytes } from './hash-blob'
import type { ByteTransport } from './send-bytes'
import { createTransferRunner } from './transfer-runner'

export interface TransferProgress {
  id: string
  direction: TransferDirection
  hash: string
  name: string
  loaded: number
  total: number
  status: 'queued' | 'running' | 'failed'
  error: string | null
}

export interface StorageQueueOptions {
  db: WorkspaceDatabase
  workspaceId: string
  provider: ObjectStorageProvider
  transport: ByteTransport
  writer: LocalWriter
  scheduler?: Scheduler
  concurrency?: number
  maxAttempts?: number
  backoff?: BackoffPolicy
}

export interface StorageQueue {
  /** Keeps the file on this device, uploads it, commits it and writes its synced file_meta row. */
  upload(file: Blob, meta: { name: string; mimeType?: string }): Promise<FileMetaRow>
  /**
   * As `upload`, but resolves as soon as the bytes are kept here and the transfer (with the file's
   * name and type) is recorded, so a message sent right away can already use the file; `uploaded`
   * settles when the upload does.
   */
  queueUpload(file: Blob, meta: { name: string; mimeType?: string }): Promise<{ hash: string; uploaded: Promise<FileMetaRow> }>
  /** The bytes of a file: from this device, or downloaded and verified against the hash. */
  ensureBlob(hash: string): Promise<Blob>
  /** Restarts transfers left unfinished (a reload, or a workspace switched away from). */
  resume(): Promise<void>
  /** Stops every transfer of this workspace; they resume with `resume()` next time. */
  cancelAll(): void
  /** Calls `listener` now and whenever a transfer starts, moves or ends. */
  subscribe(listener: (transfers: TransferProgress[]) => void): () => void
}

/**
 * Attachments of one workspace (ARCHITECTURE §7): content-addressed, deduplicated, verified.
 * Bytes are kept locally first, so a message can show its attachment before (or without) any
 * upload; `transfers` remembers what is still to move, so nothing is lost on reload.
 */
export function createStorageQueue(options: StorageQueueOptions): StorageQueue {
  const { db, workspaceId, provider, transport, writer } = options
  const scheduler = options.scheduler ?? realScheduler
  const runner = createTransferRunner({
    concurrency: options.concurrency ?? 2,
    maxAttempts: options.maxAttempts ?? 5,
    backoff: options.backoff,
    scheduler,
    isRetryable,
  })
  const progress = new Map<string, TransferProgress>()
  const listeners = new Set<(transfers: TransferProgress[]) => void>()
  const emit = () => {
    const snapshot = [...progress.values()]
    for (const listener of [...listeners]) listener(snapshot)
  }
  const track = (id: string, patch: Partial<TransferProgress>) => {
    const current = progress.get(id)
    if (current) progress.set(id, { ...current, ...patch })
    emit()
  }

  async function queueUpload(file: Blob, { name, mimeType }: { name: string; mimeType?: string }) {
    const type = mediaType(mimeType ?? file.type)
    const hash = await hashBytes(file)
    await db.file_blobs.put({ hash, blob: file, stored_at: scheduler.now() })
    await recordTransfer({ id: `upload:${hash}`, direction: 'upload', hash, name, mime_type: type, size_bytes: file.size })
    return { hash, uploaded: startUpload(hash, file, name, type) }
  }

  async function recordTransfer(row: Omit<TransferRow, 'status' | 'attempts' | 'error' | 'updated_at'>): Promise<void> {
    const existing = await db.transfers.get(row.id)
    await db.transfers.put({ ...row, status: 'queued', attempts: existing?.attempts ?? 0, error: null, updated_at: scheduler.now() })
    progress.set(row.id, { ...row, loaded: 0, total: row.size_bytes, status: 'queued', error: null })
    emit()
  }

  /** Runs one transfer; its row is deleted when done and kept, with the error, when it fails. */
  async function runTransfer<T>(id: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      const result = await runner.run(id, async (signal) => {
        track(id, { status: 'running' })
        await db.transfers.update(id, { status: 'running', attempts: ((await db.transfers.get(id))?.attempts ?? 0) + 1 })
        return task(signal)
      })
      await db.transfers.delete(id)
      progress.delete(id)
      emit()
      return result
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const cancelled = error instanceof DOMException && error.name === 'AbortError'
      // A cancelled transfer stays queued for `resume()`; a failed one keeps its reason.
      if (db.isOpen()) await db.transfers.update(id, cancelled ? { status: 'queued' } : { status: 'failed', error: message })
      if (cancelled) progress.delete(id)
      else track(id, { status: 'failed', error: message })
      emit()
      throw error
    }
  }

  function startUpload(hash: BlobHash, blob: Blob, name: string, mimeType: string): Promise<FileMetaRow> {
    const id = `upload:${hash}`
    return runTransfer(id, async (signal) => {
      const sizeBytes = blob.size
      const presigned = await provider.presignUpload({ workspaceId, hash, mimeType, sizeBytes })
      // The upload's answer travels to the commit unchanged: a backend may need it (Convex's storage id).
      const receipt = presigned.alreadyExists
        ? undefined
        : await transport.upload(presigned, blob, { signal, onProgress: (loaded) => track(id, { loaded }) })
      await provider.commit({ workspaceId, hash, mimeType, sizeBytes, name, ...(receipt ? { receipt } : {}) })
      const existing = await db.file_meta.get(hash)
      if (existing && !existing.deleted) return existing
      return writer.put('file_meta', {
        hash,
        name,
        mime_type: mimeType,
        size_bytes: sizeBytes,
        kind: fileKindOf(mimeType),
        width: null,
        height: null,
        created_at: scheduler.now(),
      })
    })
  }

  function startDownload(hash: string, name: string, sizeBytes: number): Promise<Blob> {
    return runTransfer(`download:${hash}`, async (signal) => {
      const presigned = await provider.presignDownload({ workspaceId, hash })
      const blob = await transport.download(presigned, { signal })
      const actual = await hashBytes(blob)
      if (actual !== hash) throw new BlobHashMismatchError(hash, actual)
      await db.file_blobs.put({ hash, blob, stored_at: scheduler.now() })
      track(`download:${hash}`, { loaded: sizeBytes })
      return blob
    })
  }

  return {
    async upload(file, meta) {
      return (await queueUpload(file, meta)).uploaded
    },

    queueUpload,

    async ensureBlob(hash) {
      const local = await db.file_blobs.get(hash)
      if (local) return local.blob
      const meta = await db.file_meta.get(hash)
      const name = meta && !meta.deleted ? meta.name : hash
      const size = meta && !meta.deleted ? meta.size_bytes : 0
      await recordTransfer({ id: `download:${hash}`, direction: 'download', hash, name, mime_type: meta?.mime_type ?? '', size_bytes: size })
      return startDownload(hash, name, size)
    },

    async resume() {
      const unfinished = await db.transfers.where('status').anyOf('queued', 'running').toArray()
      for (const row of unfinished) {
        progress.set(row.id, { id: row.id, direction: row.direction, hash: row.hash, name: row.name, loaded: 0, total: row.size_bytes, status: 'queued', error: null })
        const started =
          row.direction === 'download'
            ? startDownload(row.hash, row.name, row.size_bytes)
            : db.file_blobs.get(row.hash).then((local) => {
                // Without the local bytes there is nothing to upload; the row records why.
                if (!local) throw new Error(`The file ${row.name} is no longer on this device; attach it again`)
                return startUpload(row.hash as BlobHash, local.blob, row.name, row.mime_type)
              })
        // Resumed transfers report through `subscribe`; nobody awaits them here.
        started.catch(() => undefined)
      }
      emit()
    },

    cancelAll() {
      runner.cancelAll()
    },

    subscribe(listener) {
      listeners.add(listener)
      listener([...progress.values()])
      return () => listeners.delete(listener)
    },
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof BlobHashMismatchError) return true // bytes damaged on the way: fetch again
  if (isOfflineError(error)) return true
  if (!isProviderError(error)) return true
  return error.code === 'UNAVAILABLE' || error.code === 'RATE_LIMITED' || error.code === 'INTERNAL'
}

/** `text/plain;charset=utf-8` → `text/plain`: the wire wants the bare type (the kit's mimeTypeSchema). */
function mediaType(type: string): string {
  return type.split(';')[0]!.trim().toLowerCase() || 'application/octet-stream'
}

export function fileKindOf(mimeType: string): FileKind {
  if (mimeType.startsWith('image/')) return 'image'
  if (mimeType === 'application/pdf') return 'pdf'
  if (mimeType.startsWith('text/')) return 'text'
  if (mimeType.startsWith('audio/')) return 'audio'
  if (mimeType.startsWith('video/')) return 'video'
  return 'file'
}
