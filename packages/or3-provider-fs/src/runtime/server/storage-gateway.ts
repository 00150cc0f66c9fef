import { isAbsolute, resolve } from 'node:path'
import { ProviderError } from 'or3-provider-kit'
import type { StorageGatewayAdapter, UploadLimits } from 'or3-provider-kit'
import { defineStorageGateway, mapFileSystemError, type RequestSecurity } from 'or3-provider-kit/server'
import { createFsBlobStore, type FsBlobStore } from './blob-store'
import { createBlobUrlSigner, type BlobUrlSigner } from './signed-urls'

export const FS_UPLOAD_ROUTE = '/api/storage/fs/upload'
export const FS_DOWNLOAD_ROUTE = '/api/storage/fs/download'

export const DEFAULT_UPLOAD_GRACE_MS = 24 * 60 * 60 * 1000
export const DEFAULT_URL_TTL_MS = 5 * 60 * 1000

export interface FsStorageGatewayOptions {
  /** Directory that holds every blob; created private (0700). */
  root: string
  /** HMAC key for upload/download links, at least 32 characters. */
  secret: string
  now?: () => number
  limits: UploadLimits
  /** Uploads never committed (and committed blobs no longer referenced) survive GC this long. */
  uploadGraceMs?: number
  /** Lifetime of a signed link. */
  urlTtlMs?: number
  /** The deployment's origin rules (`config.security`): the upload route refuses foreign pages. */
  security?: RequestSecurity
}

/** The contract, plus the pieces the fs routes share with it. */
export interface FsStorageGateway extends StorageGatewayAdapter {
  readonly blobs: FsBlobStore
  readonly urls: BlobUrlSigner
  readonly security: RequestSecurity
}

export function createFsStorageGateway(options: FsStorageGatewayOptions): FsStorageGateway {
  const { secret, limits } = options
  const now = options.now ?? Date.now
  const uploadGraceMs = options.uploadGraceMs ?? DEFAULT_UPLOAD_GRACE_MS
  const urlTtlMs = options.urlTtlMs ?? DEFAULT_URL_TTL_MS
  if (!options.root || !isAbsolute(resolve(options.root))) {
    throw new ProviderError('NOT_CONFIGURED', 'or3-provider-fs needs a storage root directory (OR3_FS_ROOT)')
  }
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new ProviderError('NOT_CONFIGURED', 'or3-provider-fs needs a signing secret of at least 32 characters (OR3_FS_SIGNING_SECRET)')
  }
  assertPositive('limits.maxFileBytes', limits.maxFileBytes)
  assertPositive('uploadGraceMs', uploadGraceMs, true)
  assertPositive('urlTtlMs', urlTtlMs)

  const blobs = createFsBlobStore({ root: resolve(options.root), now })
  const urls = createBlobUrlSigner({ secret, now, ttlMs: urlTtlMs })

  const gateway = defineStorageGateway({
    id: 'fs',
    limits,
    mapError: mapFileSystemError,

    async presignUpload(_ctx, { workspaceId, hash, mimeType, sizeBytes }) {
      const { token, expiresAt } = urls.sign({ purpose: 'upload', workspaceId, hash, sizeBytes, mimeType })
      const stored = await blobs.stat(workspaceId, hash)
      return {
        url: `${FS_UPLOAD_ROUTE}?token=${token}`,
        method: 'PUT',
        headers: { 'Content-Type': mimeType },
        expiresAt,
        alreadyExists: stored !== null,
      }
    },

    async presignDownload(_ctx, { workspaceId, hash }) {
      const metadata = await blobs.readMetadata(workspaceId, hash)
      const stored = metadata ? await blobs.stat(workspaceId, hash) : null
      if (!metadata || !stored) {
        throw new ProviderError('NOT_FOUND', `File ${hash} is not stored in this workspace`)
      }
      const { token, expiresAt } = urls.sign({
        purpose: 'download',
        workspaceId,
        hash,
        sizeBytes: stored.sizeBytes,
        mimeType: metadata.mimeType,
      })
      return { url: `${FS_DOWNLOAD_ROUTE}?token=${token}`, method: 'GET', headers: {}, expiresAt }
    },

    async commit(_ctx, { workspaceId, hash, mimeType, sizeBytes, name }) {
      const stored = await blobs.stat(workspaceId, hash)
      if (!stored) {
        throw new ProviderError('NOT_FOUND', `File ${hash} was never uploaded to this workspace; upload it before committing`)
      }
      if (stored.sizeBytes !== sizeBytes) {
        throw new ProviderError('VALIDATION', `sizeBytes is ${sizeBytes} but the stored file ${hash} has ${stored.sizeBytes} bytes`, {
          fields: { sizeBytes: [`the stored file has ${stored.sizeBytes} bytes`] },
        })
      }
      // Idempotent: the first commit's record stands; a repeat (same bytes under another name,
      // a retried request) is a success that changes nothing.
      if (!(await blobs.readMetadata(workspaceId, hash))) {
        await blobs.writeMetadata(workspaceId, { hash, mimeType, sizeBytes, name, committedAt: now() })
      }
      return { hash, committed: true }
    },

    async gc(ctx, { workspaceId }) {
      const horizon = now() - uploadGraceMs
      let removed = 0
      for await (const blob of blobs.list(workspaceId)) {
        if (blob.uploadedAt === null) {
          // A commit record without bytes points at nothing: drop it, it is not a blob.
          await blobs.remove(workspaceId, blob.hash)
          continue
        }
        const lastTouched = Math.max(blob.uploadedAt, blob.committedAt ?? 0)
        if (lastTouched >= horizon) continue
        if (await ctx.isReferenced(blob.hash)) continue
        await blobs.remove(workspaceId, blob.hash)
        removed += 1
      }
      // Temp files are shared by all workspaces; any older than the grace period belong to an
      // upload that died mid-stream.
      await blobs.removeStaleTemp(horizon)
      return { removed }
    },
  })
  return { ...gateway, blobs, urls, security: options.security ?? { allowedOrigins: [], trustProxy: false } }
}

function assertPositive(name: string, value: number, allowZero = false): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ProviderError('NOT_CONFIGURED', `or3-provider-fs: ${name} must be a positive number, got ${value}`)
  }
}
