import { defineEventHandler, getQuery, getRequestHeader, setResponseHeaders, setResponseStatus } from 'h3'
import type { EventHandler } from 'h3'
import type { FileHandle } from 'node:fs/promises'
import { ProviderError } from 'or3-provider-kit'
import { mapFileSystemError, sendProviderError } from 'or3-provider-kit/server'
import { getActiveFsStorage } from '../active-storage'
import { parseByteRange } from '../byte-range'
import { contentDisposition, dispositionFor } from '../content-disposition'
import { inactiveStorageError } from '../inactive-storage'
import type { FsStorageGateway } from '../storage-gateway'

const CHUNK_BYTES = 64 * 1024

/**
 * `GET /api/storage/fs/download?token=...`: the bytes of one committed blob, whole or as one
 * `Range`. Headers keep a browser from sniffing or running what it receives.
 */
export function createBlobDownloadHandler(resolveGateway: () => FsStorageGateway | null): EventHandler {
  return defineEventHandler(async (event) => {
    let handle: FileHandle | null = null
    try {
      const gateway = resolveGateway()
      if (!gateway) throw inactiveStorageError()
      const claims = gateway.urls.verify(getQuery(event).token, 'download')
      const metadata = await gateway.blobs.readMetadata(claims.workspaceId, claims.hash)
      const opened = metadata ? await gateway.blobs.open(claims.workspaceId, claims.hash) : null
      if (!metadata || !opened) {
        throw new ProviderError('NOT_FOUND', `File ${claims.hash} is no longer stored in this workspace`)
      }
      handle = opened.handle
      const size = opened.sizeBytes
      const range = parseByteRange(getRequestHeader(event, 'range'), size)
      if (range.kind === 'unsatisfiable') {
        setResponseHeaders(event, { 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes' })
        throw new ProviderError('RANGE_NOT_SATISFIABLE', `The requested range is outside the file's ${size} bytes`)
      }
      const start = range.kind === 'partial' ? range.start : 0
      const end = range.kind === 'partial' ? range.end : size - 1
      setResponseHeaders(event, {
        'Content-Type': metadata.mimeType,
        'Content-Length': String(end - start + 1),
        'Content-Disposition': contentDisposition(dispositionFor(metadata.mimeType), metadata.name),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-store',
        'Accept-Ranges': 'bytes',
        ETag: `"${claims.hash}"`,
      })
      if (range.kind === 'partial') {
        setResponseStatus(event, 206)
        setResponseHeaders(event, { 'Content-Range': `bytes ${start}-${end}/${size}` })
      }
      const stream = readFileRange(handle, start, end)
      handle = null // the stream owns it now
      return stream
    } catch (error) {
      await handle?.close().catch(() => {})
      return sendProviderError(event, error, { label: 'or3-provider-fs', mapError: mapFileSystemError })
    }
  })
}

/** Bytes `start..end` (inclusive) of an open file; closes it when done, failed or cancelled. */
function readFileRange(handle: FileHandle, start: number, end: number): ReadableStream<Uint8Array> {
  let position = start
  const finish = () => handle.close().catch(() => {})
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const remaining = end + 1 - position
        if (remaining <= 0) {
          await finish()
          controller.close()
          return
        }
        const chunk = new Uint8Array(Math.min(CHUNK_BYTES, remaining))
        const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, position)
        if (bytesRead === 0) throw new Error('the file is shorter than its recorded size')
        position += bytesRead
        controller.enqueue(chunk.subarray(0, bytesRead))
      } catch (error) {
        await finish()
        controller.error(error)
      }
    },
    cancel: finish,
  })
}

export default createBlobDownloadHandler(getActiveFsStorage)
