import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { describe, expect, it } from 'vitest'
import { bucketOrigin, createS3Client, type S3Location } from '../src/runtime/index'

// Presigning happens offline, so the SDK's own addressing can be compared with what the provider
// adds to the page policy, for stores that need not exist.
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const at = (overrides: Partial<S3Location>): S3Location => ({
  bucket: 'or3-files',
  region: 'eu-west-1',
  forcePathStyle: false,
  credentials,
  prefix: '',
  ...overrides,
})

async function presignedUrls(location: S3Location) {
  const client = createS3Client(location)
  const put = await getSignedUrl(client, new PutObjectCommand({ Bucket: location.bucket, Key: 'workspaces/ab/blobs/cd' }), { expiresIn: 60 })
  const get = await getSignedUrl(client, new GetObjectCommand({ Bucket: location.bucket, Key: 'workspaces/ab/blobs/cd' }), { expiresIn: 60 })
  return [new URL(put), new URL(get)]
}

describe('addressing', () => {
  it.each([
    ['virtual-hosted on AWS', at({}), 'https://or3-files.s3.eu-west-1.amazonaws.com', '/workspaces/ab/blobs/cd'],
    ['path-style on AWS', at({ forcePathStyle: true }), 'https://s3.eu-west-1.amazonaws.com', '/or3-files/workspaces/ab/blobs/cd'],
    [
      'virtual-hosted on a custom endpoint (R2)',
      at({ endpoint: 'https://account.r2.cloudflarestorage.com', region: 'auto' }),
      'https://or3-files.account.r2.cloudflarestorage.com',
      '/workspaces/ab/blobs/cd',
    ],
    [
      'path-style on a custom endpoint (MinIO, Garage)',
      at({ endpoint: 'https://minio.example.com:9000', forcePathStyle: true }),
      'https://minio.example.com:9000',
      '/or3-files/workspaces/ab/blobs/cd',
    ],
    [
      'a dotted bucket over https falls back to path-style',
      at({ bucket: 'files.example.com' }),
      'https://s3.eu-west-1.amazonaws.com',
      '/files.example.com/workspaces/ab/blobs/cd',
    ],
  ])('%s', async (_name, location, origin, path) => {
    for (const url of await presignedUrls(location)) {
      expect(url.origin).toBe(origin)
      expect(url.pathname).toBe(path)
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
    }
    expect(bucketOrigin(location), 'the origin added to the page policy is where the URLs point').toBe(origin)
  })
})
