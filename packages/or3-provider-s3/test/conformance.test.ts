import { afterAll, beforeAll } from 'vitest'
import { testStorageGateway, type StorageHarness } from 'or3-provider-kit/testing'
import { createS3StorageGateway } from '../src/runtime/index'
import { sendPresigned, startS3Double, uniqueBucket, type S3Double } from './support/s3-double'

// The kit's StorageGatewayAdapter suite against an S3 TEST DOUBLE (s3rver), through the real AWS
// SDK and real presigned URLs, with the transport a device uses (fetch on the presigned request).
let double: S3Double
beforeAll(async () => {
  double = await startS3Double()
})
afterAll(() => double?.close())

testStorageGateway<StorageHarness>({
  name: 's3 (against the s3rver test double)',
  requires: ['gc'],
  create: async ({ now, limits, uploadGraceMs }) => {
    const bucket = uniqueBucket('conformance')
    await double.createBucket(bucket)
    const adapter = createS3StorageGateway({ location: double.location(bucket), limits, now, uploadGraceMs })
    return {
      adapter,
      upload: async (presigned, bytes) => void (await sendPresigned(presigned, bytes)),
      download: (presigned) => sendPresigned(presigned),
    }
  },
})
