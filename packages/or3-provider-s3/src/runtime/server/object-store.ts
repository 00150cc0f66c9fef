import { createHash } from 'node:crypto'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { ProviderError } from 'or3-provider-kit'
import { checksumOf, classifyKey } from './object-keys'
import { isMissingObject } from './s3-failures'

/** User metadata stamped by the presigned PUT: when the link was made, by the gateway's clock. */
export const PRESIGNED_AT_META = 'or3-presigned-at'

/** Types a browser may render in place; anything else downloads as an attachment. */
const INLINE_TYPES = /^(?:image\/(?:png|jpeg|gif|webp|avif)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/

/** What a commit recorded, kept as a small JSON object next to the bytes. */
export interface CommitRecord {
  hash: string
  mimeType: string
  sizeBytes: number
  name: string
  committedAt: number
}

export interface StoredObject {
  sizeBytes: number
  /** Base64 SHA-256 the store computed, when it keeps one (AWS, R2, recent MinIO). */
  checksumSha256: string | null
  /** The presign time stamped on the upload, else the store's LastModified. */
  uploadedAt: number
}

export interface ListedKey {
  kind: 'blob' | 'commit'
  hash: string
  key: string
}

export interface PresignedPut {
  url: string
  headers: Record<string, string>
}

/** The S3 operations the gateway needs, on one bucket. */
export interface S3ObjectStore {
  readonly bucket: string
  /** HeadBucket: throws the SDK's error when the bucket cannot be used. */
  checkBucket(): Promise<void>
  head(key: string): Promise<StoredObject | null>
  /** Streams the object through SHA-256; null when it is gone, `tooLarge` past `limit` bytes. */
  hashObject(key: string, limit: number): Promise<{ hex: string; sizeBytes: number } | 'tooLarge' | null>
  readCommit(key: string, hash: string): Promise<CommitRecord | null>
  writeCommit(key: string, record: CommitRecord): Promise<void>
  remove(key: string): Promise<void>
  list(prefix: string): AsyncGenerator<ListedKey>
  presignPut(input: { key: string; hash: string; mimeType: string; sizeBytes: number; presignedAt: number; expiresIn: number }): Promise<PresignedPut>
  presignGet(input: { key: string; mimeType: string; expiresIn: number }): Promise<string>
}

export function createS3ObjectStore(client: S3Client, bucket: string): S3ObjectStore {
  return {
    bucket,

    async checkBucket() {
      await client.send(new HeadBucketCommand({ Bucket: bucket }))
    },

    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }))
        const stamped = Number(head.Metadata?.[PRESIGNED_AT_META])
        return {
          sizeBytes: head.ContentLength ?? 0,
          // A multipart upload's checksum is of its parts ('…-3'), not of the object: unusable here.
          checksumSha256: head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-') ? head.ChecksumSHA256 : null,
          uploadedAt: Number.isSafeInteger(stamped) ? stamped : (head.LastModified?.getTime() ?? 0),
        }
      } catch (error) {
        if (isMissingObject(error)) return null
        throw error
      }
    },

    async hashObject(key, limit) {
      let body: AsyncIterable<Uint8Array>
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        body = object.Body as AsyncIterable<Uint8Array>
      } catch (error) {
        if (isMissingObject(error)) return null
        throw error
      }
      const hash = createHash('sha256')
      let sizeBytes = 0
      for await (const chunk of body) {
        sizeBytes += chunk.byteLength
        if (sizeBytes > limit) return 'tooLarge'
        hash.update(chunk)
      }
      return { hex: hash.digest('hex'), sizeBytes }
    },

    async readCommit(key, hash) {
      let text: string
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        text = (await object.Body?.transformToString('utf-8')) ?? ''
      } catch (error) {
        if (isMissingObject(error)) return null
        throw error
      }
      return parseCommitRecord(text, hash, key)
    },

    async writeCommit(key, record) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: `${JSON.stringify({ version: 1, ...record })}\n`,
          ContentType: 'application/json',
        }),
      )
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))
    },

    async *list(prefix) {
      let token: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
        for (const entry of page.Contents ?? []) {
          const kind = entry.Key ? classifyKey(entry.Key) : null
          if (kind && entry.Key) yield { ...kind, key: entry.Key }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
    },

    async presignPut({ key, hash, mimeType, sizeBytes, presignedAt, expiresIn }) {
      const checksum = checksumOf(hash)
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: mimeType,
        ContentLength: sizeBytes,
        ChecksumSHA256: checksum,
        Metadata: { [PRESIGNED_AT_META]: String(presignedAt) },
      })
      // Kept as signed headers rather than query parameters: the store then refuses a body whose
      // length or SHA-256 differs from the claim (where it checks checksums), and the browser
      // must send exactly these values. The browser sets Content-Length itself from the body.
      const url = await getSignedUrl(client, command, {
        expiresIn,
        signableHeaders: new Set(['content-length', 'content-type']),
        unhoistableHeaders: new Set(['x-amz-checksum-sha256', `x-amz-meta-${PRESIGNED_AT_META}`]),
      })
      return {
        url,
        headers: {
          'Content-Type': mimeType,
          'x-amz-checksum-sha256': checksum,
          [`x-amz-meta-${PRESIGNED_AT_META}`]: String(presignedAt),
        },
      }
    },

    presignGet({ key, mimeType, expiresIn }) {
      // The store answers with these headers for this URL only: the committed type, and no
      // rendering in place of anything that could run script (HTML, SVG), as the fs provider does.
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentType: mimeType,
        ResponseContentDisposition: INLINE_TYPES.test(mimeType.toLowerCase()) ? 'inline' : 'attachment',
        ResponseCacheControl: 'private, no-store',
      })
      return getSignedUrl(client, command, { expiresIn })
    },
  }
}

function parseCommitRecord(text: string, hash: string, key: string): CommitRecord {
  try {
    const value = JSON.parse(text) as Partial<CommitRecord>
    if (
      value.hash === hash &&
      typeof value.mimeType === 'string' &&
      typeof value.sizeBytes === 'number' &&
      typeof value.name === 'string' &&
      typeof value.committedAt === 'number'
    ) {
      return { hash, mimeType: value.mimeType, sizeBytes: value.sizeBytes, name: value.name, committedAt: value.committedAt }
    }
  } catch {
    // fall through to the error below
  }
  throw new ProviderError('INTERNAL', `The commit record ${key} is unreadable; delete it so the file can be committed again`)
}
