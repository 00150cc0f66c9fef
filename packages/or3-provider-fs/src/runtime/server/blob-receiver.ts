import { createHash } from 'node:crypto'
import { mkdir, open, rename, rm, utimes } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { newTempPath, tempDir } from './blob-paths'

export type UploadRejection = 'TOO_LARGE' | 'SIZE_MISMATCH' | 'HASH_MISMATCH'

/** The bytes that arrived are not the bytes that were signed. Nothing was kept. */
export class UploadRejectedError extends Error {
  readonly reason: UploadRejection
  constructor(reason: UploadRejection, message: string) {
    super(message)
    this.name = 'UploadRejectedError'
    this.reason = reason
  }
}

export interface IncomingBody {
  stream: ReadableStream<Uint8Array> | null | undefined
  /**
   * Whether cancelling the stream is safe. It is for a real web Request; h3's wrapper around a
   * Node request keeps enqueuing after a cancel, which would throw, so there we only stop reading.
   */
  cancellable: boolean
}

export interface ReceiveBlobInput {
  root: string
  /** Final place of the bytes, and its directory. */
  blobPath: string
  blobDir: string
  expectedHex: string
  expectedSize: number
  /** Recorded as the blob's mtime: GC ages uploads by the same clock as everything else. */
  uploadedAt: number
  body: IncomingBody
}

/**
 * Streams a request body into a private temp file while hashing and counting it, then moves it
 * into place with one rename. Invariant: a file at `blobPath` always holds exactly the bytes whose
 * sha256 its name says; a rejected or failed upload leaves nothing behind.
 */
export async function receiveBlob(input: ReceiveBlobInput): Promise<void> {
  const tmpPath = newTempPath(input.root, input.uploadedAt)
  await mkdir(tempDir(input.root), { recursive: true, mode: 0o700 })
  const handle = await open(tmpPath, 'wx', 0o600)
  let handleOpen = true
  let moved = false
  try {
    const { received, hex } = await copyHashing(input.body, handle, input.expectedSize)
    if (received !== input.expectedSize) {
      throw new UploadRejectedError(
        'SIZE_MISMATCH',
        `Received ${received} bytes but the upload link was signed for ${input.expectedSize}`,
      )
    }
    if (hex !== input.expectedHex) {
      throw new UploadRejectedError(
        'HASH_MISMATCH',
        `The bytes hash to sha256:${hex}, not the signed sha256:${input.expectedHex}; the file changed or was corrupted in transit`,
      )
    }
    // Durable before visible: a crash after the rename never exposes a half-written blob.
    await handle.sync()
    await handle.close()
    handleOpen = false
    const stamp = new Date(input.uploadedAt)
    await utimes(tmpPath, stamp, stamp)
    await mkdir(input.blobDir, { recursive: true, mode: 0o700 })
    // Same filesystem (the temp dir is under the root), so this is atomic. A concurrent upload of
    // the same hash renames identical bytes over it, which is harmless.
    await rename(tmpPath, input.blobPath)
    moved = true
  } finally {
    if (handleOpen) await handle.close().catch(() => {})
    if (!moved) await rm(tmpPath, { force: true })
  }
}

/** Stops reading a body this server does not want. */
export async function discardBody(body: IncomingBody): Promise<void> {
  if (body.stream && body.cancellable) await body.stream.cancel().catch(() => {})
}

async function copyHashing(
  body: IncomingBody,
  handle: FileHandle,
  limit: number,
): Promise<{ received: number; hex: string }> {
  const hash = createHash('sha256')
  let received = 0
  if (!body.stream) return { received, hex: hash.digest('hex') }
  const reader = body.stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      received += value.byteLength
      // Checked before writing: a body longer than signed never gets more than `limit` bytes on disk.
      if (received > limit) {
        throw new UploadRejectedError(
          'TOO_LARGE',
          `The upload is larger than the ${limit} bytes its link was signed for; request a link for the real size`,
        )
      }
      hash.update(value)
      await writeAll(handle, value)
    }
  } catch (error) {
    if (body.cancellable) await reader.cancel().catch(() => {})
    throw error
  } finally {
    reader.releaseLock()
  }
  return { received, hex: hash.digest('hex') }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset)
    offset += bytesWritten
  }
}
