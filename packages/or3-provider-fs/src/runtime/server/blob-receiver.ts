import { createHash } from 'node:crypto'
import { mkdir, open, rename, rm, utimes } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { ProviderError } from 'or3-provider-kit'
import type { RequestBodyStream } from 'or3-provider-kit/server'
import { newTempPath, tempDir } from './blob-paths'

export interface ReceiveBlobInput {
  root: string
  /** Final place of the bytes, and its directory. */
  blobPath: string
  blobDir: string
  expectedHex: string
  expectedSize: number
  /** Recorded as the blob's mtime: GC ages uploads by the same clock as everything else. */
  uploadedAt: number
  /** The request body, opened with the kit's reader capped at `expectedSize`. */
  body: RequestBodyStream
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
      throw new ProviderError(
        'VALIDATION',
        `Received ${received} bytes but the upload link was signed for ${input.expectedSize}`,
      )
    }
    if (hex !== input.expectedHex) {
      throw new ProviderError(
        'VALIDATION',
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

async function copyHashing(
  body: RequestBodyStream,
  handle: FileHandle,
  limit: number,
): Promise<{ received: number; hex: string }> {
  const hash = createHash('sha256')
  let received = 0
  for await (const chunk of body) {
    received += chunk.byteLength
    // The reader is capped at `limit` already; checked again before writing, because the
    // invariant (never more than the signed size on disk) must not rest on the caller alone.
    if (received > limit) {
      body.discard()
      throw new ProviderError('TOO_LARGE', `The upload is larger than the ${limit} bytes its link was signed for`)
    }
    hash.update(chunk)
    await writeAll(handle, chunk)
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
