import type { S3Client } from '@aws-sdk/client-s3'
import { ProviderError } from 'or3-provider-kit'
import type { StorageGatewayAdapter, UploadLimits } from 'or3-provider-kit'
import { defineStorageGateway } from 'or3-provider-kit/server'
import { checksumOf, contentHex, objectKeys, workspacePrefix } from './object-keys'
import { createS3ObjectStore, type S3ObjectStore } from './object-store'
import { createS3Client, normalizePrefix, type S3Location } from './s3-client'
import { createS3ErrorMapper, describeSetupFailure } from './s3-failures'

export const DEFAULT_UPLOAD_GRACE_MS = 24 * 60 * 60 * 1000
export const DEFAULT_URL_TTL_MS = 5 * 60 * 1000

export interface S3StorageGatewayOptions {
  location: S3Location
  limits: UploadLimits
  now?: () => number
  /** Uploads never committed (and committed blobs no longer referenced) survive GC this long. */
  uploadGraceMs?: number
  /** Lifetime of a presigned URL (S3 allows 1 s to 7 days). */
  urlTtlMs?: number
  /** An SDK client to use instead of one built from `location` (tests, custom middleware). */
  client?: S3Client
}

export interface S3StorageGateway extends StorageGatewayAdapter {
  readonly objects: S3ObjectStore
  /**
   * Checks once that the bucket can be used with these credentials; rejects with one sentence
   * saying what to fix. Every operation waits for it, and a failed check is tried again next time.
   */
  ready(): Promise<void>
}

const MAX_URL_TTL_MS = 7 * 24 * 60 * 60 * 1000

export function createS3StorageGateway(options: S3StorageGatewayOptions): S3StorageGateway {
  const { location, limits } = options
  const now = options.now ?? Date.now
  const uploadGraceMs = options.uploadGraceMs ?? DEFAULT_UPLOAD_GRACE_MS
  const urlTtlMs = options.urlTtlMs ?? DEFAULT_URL_TTL_MS
  if (!location.bucket) throw new ProviderError('NOT_CONFIGURED', 'or3-provider-s3 needs a bucket (OR3_S3_BUCKET)')
  if (!Number.isFinite(uploadGraceMs) || uploadGraceMs < 0) {
    throw new ProviderError('NOT_CONFIGURED', `or3-provider-s3: uploadGraceMs must be zero or more, got ${uploadGraceMs}`)
  }
  if (!Number.isFinite(urlTtlMs) || urlTtlMs < 1000 || urlTtlMs > MAX_URL_TTL_MS) {
    throw new ProviderError('NOT_CONFIGURED', `or3-provider-s3: urlTtlMs must be between 1 second and 7 days, got ${urlTtlMs}`)
  }
  const prefix = normalizePrefix(location.prefix)
  const objects = createS3ObjectStore(options.client ?? createS3Client(location), location.bucket)
  const expiresIn = Math.floor(urlTtlMs / 1000)

  let checked: Promise<void> | null = null
  function ready(): Promise<void> {
    checked ??= objects.checkBucket().catch((error: unknown) => {
      checked = null
      throw describeSetupFailure(error, location) ?? error
    })
    return checked
  }

  /** Deletes refused bytes, so nothing unverified waits under the hash, then says why. */
  async function refuse(key: string, message: string, fields?: Record<string, string[]>): Promise<never> {
    await objects.remove(key)
    throw new ProviderError('VALIDATION', message, fields ? { fields } : undefined)
  }

  const gateway = defineStorageGateway({
    id: 's3',
    limits,
    mapError: createS3ErrorMapper(location),

    async presignUpload(_ctx, { workspaceId, hash, mimeType, sizeBytes }) {
      await ready()
      const keys = objectKeys(prefix, workspaceId, hash)
      // Only verified bytes deduplicate: an upload nobody committed may hold anything.
      const alreadyExists = (await objects.readCommit(keys.commit, hash)) !== null && (await objects.head(keys.blob)) !== null
      const presignedAt = now()
      const { url, headers } = await objects.presignPut({ key: keys.blob, hash, mimeType, sizeBytes, presignedAt, expiresIn })
      return { url, method: 'PUT', headers, expiresAt: presignedAt + expiresIn * 1000, alreadyExists }
    },

    async presignDownload(_ctx, { workspaceId, hash }) {
      await ready()
      const keys = objectKeys(prefix, workspaceId, hash)
      const record = await objects.readCommit(keys.commit, hash)
      if (!record) throw new ProviderError('NOT_FOUND', `File ${hash} is not stored in this workspace`)
      const url = await objects.presignGet({ key: keys.blob, mimeType: record.mimeType, expiresIn })
      return { url, method: 'GET', headers: {}, expiresAt: now() + expiresIn * 1000 }
    },

    async commit(_ctx, { workspaceId, hash, mimeType, sizeBytes, name }) {
      await ready()
      const keys = objectKeys(prefix, workspaceId, hash)
      // Idempotent: the first commit's record stands.
      if (await objects.readCommit(keys.commit, hash)) return { hash, committed: true }
      const stored = await objects.head(keys.blob)
      if (!stored) {
        throw new ProviderError('NOT_FOUND', `File ${hash} was never uploaded to this workspace; upload it before committing`)
      }
      if (stored.sizeBytes !== sizeBytes) {
        await refuse(keys.blob, `sizeBytes is ${sizeBytes} but the stored file ${hash} has ${stored.sizeBytes} bytes; upload it again`, {
          sizeBytes: [`the stored file has ${stored.sizeBytes} bytes`],
        })
      }
      if (stored.checksumSha256 !== null) {
        if (stored.checksumSha256 !== checksumOf(hash)) {
          await refuse(keys.blob, `The stored bytes do not hash to ${hash}; the file changed or was corrupted in transit, upload it again`)
        }
      } else {
        // The store kept no SHA-256 (older MinIO, Garage, test doubles): read the bytes back and hash them.
        const read = await objects.hashObject(keys.blob, sizeBytes)
        if (read === null) throw new ProviderError('NOT_FOUND', `File ${hash} was removed before it could be committed; upload it again`)
        if (read === 'tooLarge' || read.hex !== contentHex(hash)) {
          await refuse(keys.blob, `The stored bytes do not hash to ${hash}; the file changed or was corrupted in transit, upload it again`)
        }
      }
      await objects.writeCommit(keys.commit, { hash, mimeType, sizeBytes, name, committedAt: now() })
      return { hash, committed: true }
    },

    async gc(ctx, { workspaceId }) {
      await ready()
      const horizon = now() - uploadGraceMs
      const found = new Map<string, { blob?: string; commit?: string }>()
      for await (const entry of objects.list(workspacePrefix(prefix, workspaceId))) {
        const keys = found.get(entry.hash) ?? {}
        keys[entry.kind] = entry.key
        found.set(entry.hash, keys)
      }
      let removed = 0
      for (const [hash, keys] of found) {
        if (!keys.blob) {
          // A commit record whose bytes are gone points at nothing: drop it, it is not a blob.
          if (keys.commit) await objects.remove(keys.commit)
          continue
        }
        const stored = await objects.head(keys.blob)
        if (!stored) continue
        const record = keys.commit ? await objects.readCommit(keys.commit, hash).catch(() => null) : null
        if (Math.max(stored.uploadedAt, record?.committedAt ?? 0) >= horizon) continue
        if (await ctx.isReferenced(hash)) continue
        // The record first: a crash in between leaves an uncommitted upload, never a dangling commit.
        if (keys.commit) await objects.remove(keys.commit)
        await objects.remove(keys.blob)
        removed += 1
      }
      return { removed }
    },
  })
  return { ...gateway, objects, ready }
}
