import { randomUUID } from 'node:crypto'
import { defineStorageGateway } from '../adapters/define-storage-gateway.ts'
import { ProviderError } from '../errors.ts'
import type { PresignedRequest } from '../schemas/storage.ts'
import { sha256Hash } from './fixtures.ts'
import type { StorageHarness, StorageLimits } from './storage-gateway-suite.ts'

export interface MemoryStorageGatewayOptions {
  now?: () => number
  /** Allowed types: exact, `type/*` or `*\/*`. */
  limits: StorageLimits
  /** How long an upload may wait for its commit (and a commit for its file_meta row) before GC. Default 24 h. */
  uploadGraceMs?: number
  /** Lifetime of presigned URLs. Default 15 min. */
  urlTtlMs?: number
}

interface Blob {
  bytes: Uint8Array
  mimeType: string
  /** Upload time, then commit time: the age GC measures against the grace period. */
  since: number
  committed: boolean
}

interface Ticket {
  kind: 'upload' | 'download'
  workspaceId: string
  hash: string
  sizeBytes: number
  mimeType: string
  expiresAt: number
}

/**
 * The reference StorageGatewayAdapter: blobs content-addressed per workspace, URLs
 * `memory://upload/<token>` that only this instance's `upload`/`download` understand.
 */
export function createMemoryStorageGateway(options: MemoryStorageGatewayOptions): StorageHarness {
  const now = options.now ?? Date.now
  const graceMs = options.uploadGraceMs ?? 24 * 60 * 60 * 1000
  const ttlMs = options.urlTtlMs ?? 15 * 60 * 1000
  const blobs = new Map<string, Map<string, Blob>>()
  const tickets = new Map<string, Ticket>()

  const blobsOf = (workspaceId: string) => {
    let map = blobs.get(workspaceId)
    if (!map) blobs.set(workspaceId, (map = new Map()))
    return map
  }

  function sign(ticket: Omit<Ticket, 'expiresAt'>): PresignedRequest {
    const token = randomUUID()
    const expiresAt = now() + ttlMs
    tickets.set(token, { ...ticket, expiresAt })
    const method = ticket.kind === 'upload' ? 'PUT' : 'GET'
    return { url: `memory://${ticket.kind}/${token}`, method, headers: { 'content-type': ticket.mimeType }, expiresAt }
  }

  function redeem(presigned: PresignedRequest, kind: Ticket['kind']): Ticket {
    const match = /^memory:\/\/(upload|download)\/(.+)$/.exec(presigned.url)
    const ticket = match && match[1] === kind ? tickets.get(match[2]!) : undefined
    if (!ticket || ticket.expiresAt < now()) throw new ProviderError('FORBIDDEN', `The ${kind} URL is unknown or expired`)
    return ticket
  }

  const adapter = defineStorageGateway({
    id: 'memory',
    limits: options.limits,
    presignUpload(_ctx, { workspaceId, hash, mimeType, sizeBytes }) {
      const alreadyExists = blobsOf(workspaceId).has(hash)
      return { ...sign({ kind: 'upload', workspaceId, hash, sizeBytes, mimeType }), alreadyExists }
    },
    presignDownload(_ctx, { workspaceId, hash }) {
      const blob = blobsOf(workspaceId).get(hash)
      if (!blob?.committed) throw new ProviderError('NOT_FOUND', `No file ${hash} in this workspace`)
      return sign({ kind: 'download', workspaceId, hash, sizeBytes: blob.bytes.length, mimeType: blob.mimeType })
    },
    commit(_ctx, { workspaceId, hash }) {
      const blob = blobsOf(workspaceId).get(hash)
      if (!blob) throw new ProviderError('NOT_FOUND', `The bytes of ${hash} never arrived; upload them first`)
      if (!blob.committed) Object.assign(blob, { committed: true, since: now() })
      return { hash, committed: true }
    },
    async gc(ctx, { workspaceId }) {
      const at = now()
      let removed = 0
      for (const [hash, blob] of blobsOf(workspaceId)) {
        if (at - blob.since <= graceMs || (await ctx.isReferenced(hash))) continue
        blobsOf(workspaceId).delete(hash)
        removed++
      }
      return { removed }
    },
  })

  return {
    adapter,
    async upload(presigned, bytes) {
      const ticket = redeem(presigned, 'upload')
      if (bytes.length !== ticket.sizeBytes) {
        throw new ProviderError('VALIDATION', `Expected ${ticket.sizeBytes} bytes, got ${bytes.length}`)
      }
      if (sha256Hash(bytes) !== ticket.hash) throw new ProviderError('VALIDATION', 'The bytes do not match their hash')
      const stored = blobsOf(ticket.workspaceId)
      if (!stored.has(ticket.hash)) {
        stored.set(ticket.hash, { bytes: bytes.slice(), mimeType: ticket.mimeType, since: now(), committed: false })
      }
    },
    async download(presigned) {
      const ticket = redeem(presigned, 'download')
      const blob = blobsOf(ticket.workspaceId).get(ticket.hash)
      if (!blob) throw new ProviderError('NOT_FOUND', `File ${ticket.hash} is gone`)
      return blob.bytes.slice()
    },
  }
}
