import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, createRouter, toWebHandler } from 'h3'
import {
  createBlobDownloadHandler,
  createBlobUploadHandler,
  createFsStorageGateway,
  FS_DOWNLOAD_ROUTE,
  FS_UPLOAD_ROUTE,
  type FsStorageGateway,
  type FsStorageGatewayOptions,
} from '../src/runtime/index'

/** A gateway on a fresh temp root, its real route handlers mounted in-process, and a hand-moved clock. */
export interface FsRig {
  root: string
  gateway: FsStorageGateway
  clock: { now: () => number; advance(ms: number): void }
  /** Sends a real Request (relative URLs resolve against http://or3.test) through the h3 app. */
  fetch(url: string, init?: RequestInit): Promise<Response>
  /** Names left in the temp directory. */
  tempFiles(): string[]
  cleanup(): void
}

export const CTX = { userId: 'user-1' }
export const LIMITS = { maxFileBytes: 1024 * 1024, allowedMimeTypes: ['image/*', 'text/plain', 'application/pdf'] }

export function createRig(overrides: Partial<FsStorageGatewayOptions> = {}): FsRig {
  const root = overrides.root ?? mkdtempSync(join(tmpdir(), 'or3-fs-test-'))
  let current = Date.UTC(2026, 0, 1)
  const gateway = createFsStorageGateway({
    root,
    secret: 'test-secret-test-secret-test-secret-42',
    now: () => current,
    limits: LIMITS,
    ...overrides,
  })
  const handler = mountRoutes(gateway)
  return {
    root,
    gateway,
    clock: { now: () => current, advance: (ms) => void (current += ms) },
    fetch: (url, init) => handler(new Request(new URL(url, 'http://or3.test'), init)),
    tempFiles: () => readdirSync(join(root, '.tmp')),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  }
}

export function mountRoutes(gateway: FsStorageGateway): (request: Request) => Promise<Response> {
  const router = createRouter()
    .put(FS_UPLOAD_ROUTE, createBlobUploadHandler(() => gateway))
    .get(FS_DOWNLOAD_ROUTE, createBlobDownloadHandler(() => gateway))
  return toWebHandler(createApp().use(router))
}

/** Bytes backed by a plain ArrayBuffer, so they are a valid fetch body for the DOM typings. */
export function bytesOf(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(text))
}

export function hashOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/** A body that arrives in pieces and has no Content-Length, like a real streamed upload. */
export function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[index++]
      if (chunk) controller.enqueue(chunk)
      else controller.close()
    },
  })
}

export function streamingPut(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): RequestInit {
  // `duplex` is required for stream bodies by the fetch spec but missing from the DOM typings.
  return { method: 'PUT', body, headers, duplex: 'half' } as RequestInit
}

/** Presigns, uploads and commits `bytes` through the real routes; returns the hash. */
export async function storeFile(
  rig: FsRig,
  workspaceId: string,
  bytes: Uint8Array<ArrayBuffer>,
  options: { mimeType?: string; name?: string } = {},
): Promise<string> {
  const hash = hashOf(bytes)
  const mimeType = options.mimeType ?? 'text/plain'
  const presigned = await rig.gateway.presignUpload(CTX, { workspaceId, hash, mimeType, sizeBytes: bytes.byteLength })
  const response = await rig.fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body: bytes })
  if (!response.ok) throw new Error(`upload failed: ${response.status} ${await response.text()}`)
  await rig.gateway.commit(CTX, { workspaceId, hash, mimeType, sizeBytes: bytes.byteLength, name: options.name ?? 'note.txt' })
  return hash
}

/**
 * Follows a presigned request the way a device does: the bytes (if any) go as a streamed body in
 * 7-byte pieces; a refusal rejects with the route's status and message.
 */
export async function sendBytes(
  rig: FsRig,
  presigned: { url: string; method: string; headers: Record<string, string> },
  bytes?: Uint8Array,
): Promise<Uint8Array> {
  const init: RequestInit = { method: presigned.method, headers: presigned.headers }
  const response = await rig.fetch(
    presigned.url,
    bytes ? streamingPut(streamOf(...chunked(bytes, 7)), presigned.headers) : init,
  )
  if (!response.ok) throw new Error(`${presigned.method} ${response.status}: ${await response.text()}`)
  return new Uint8Array(await response.arrayBuffer())
}

function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let offset = 0; offset < bytes.byteLength; offset += size) chunks.push(bytes.subarray(offset, offset + size))
  return chunks
}
