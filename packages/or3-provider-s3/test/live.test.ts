import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, describe, it } from 'vitest'
import { testStorageGateway, type StorageHarness } from 'or3-provider-kit/testing'
import { createS3Client, createS3StorageGateway, s3LocationFromEnv, type S3Location } from '../src/runtime/index'
import { sendPresigned } from './support/s3-double'

/**
 * The storage suite against a REAL S3-compatible store, only when asked: OR3_S3_LIVE=1 with
 * OR3_S3_BUCKET and credentials (OR3_S3_ACCESS_KEY_ID/OR3_S3_SECRET_ACCESS_KEY or the usual
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_REGION), plus OR3_S3_ENDPOINT and
 * OR3_S3_FORCE_PATH_STYLE for a store other than AWS. Everything is written under a fresh
 * prefix and removed afterwards.
 */
const env = process.env
const skipReason =
  env.OR3_S3_LIVE !== '1'
    ? 'OR3_S3_LIVE is not 1'
    : !env.OR3_S3_BUCKET
      ? 'OR3_S3_BUCKET is not set'
      : !(env.OR3_S3_ACCESS_KEY_ID || env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE)
        ? 'no credentials (OR3_S3_ACCESS_KEY_ID, AWS_ACCESS_KEY_ID or AWS_PROFILE) are set'
        : null

if (skipReason) {
  console.log(`[or3-provider-s3] live S3 tests skipped: ${skipReason}; only the s3rver test double was used`)
  describe.skip(`live S3 (skipped: ${skipReason})`, () => {
    it('runs the storage suite against a real bucket', () => {})
  })
} else {
  const runPrefix = `${env.OR3_S3_PREFIX ?? ''}or3-live-test/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}/`
  const location: S3Location = { ...s3LocationFromEnv(env), prefix: runPrefix }
  afterAll(() => removeAll(location))

  testStorageGateway<StorageHarness>({
    name: `s3 live (${location.endpoint ?? `AWS ${location.region}`}, bucket ${location.bucket})`,
    requires: ['gc'],
    create: async ({ now, limits, uploadGraceMs }) => {
      const adapter = createS3StorageGateway({ location, limits, now, uploadGraceMs })
      await adapter.ready()
      return {
        adapter,
        upload: async (presigned, bytes) => void (await sendPresigned(presigned, bytes)),
        download: (presigned) => sendPresigned(presigned),
      }
    },
  })
}

async function removeAll(location: S3Location): Promise<void> {
  const client = createS3Client(location)
  let token: string | undefined
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, ContinuationToken: token }))
    for (const entry of page.Contents ?? []) {
      if (entry.Key) await client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: entry.Key }))
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  client.destroy()
}
