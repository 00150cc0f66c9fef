import { afterEach, describe, expect, it } from 'vitest'
import { allowedContentSources, resetContentSources } from 'or3-provider-kit/server'
import { allowBucketOrigin, normalizePrefix, s3LocationFromEnv, s3StorageOptionsFromEnv } from '../src/runtime/index'

const storage = { maxFileBytes: 1000, allowedMimeTypes: ['image/*'] } as Parameters<typeof s3StorageOptionsFromEnv>[1]

describe('settings from env', () => {
  it('reads a MinIO-style set-up', () => {
    const options = s3StorageOptionsFromEnv(
      {
        OR3_S3_BUCKET: 'files',
        OR3_S3_ENDPOINT: 'https://minio.example.com',
        OR3_S3_FORCE_PATH_STYLE: 'true',
        OR3_S3_ACCESS_KEY_ID: 'key',
        OR3_S3_SECRET_ACCESS_KEY: 'secret',
        OR3_S3_PREFIX: 'or3/',
        OR3_S3_URL_TTL_MS: '60000',
      },
      storage,
    )
    expect(options).toMatchObject({
      location: {
        bucket: 'files',
        region: 'us-east-1',
        endpoint: 'https://minio.example.com',
        forcePathStyle: true,
        credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
        prefix: 'or3/',
      },
      limits: { maxFileBytes: 1000, allowedMimeTypes: ['image/*'] },
      urlTtlMs: 60000,
    })
  })

  it('leaves credentials to the AWS chain and takes AWS_REGION when only the bucket is set', () => {
    const location = s3LocationFromEnv({ OR3_S3_BUCKET: 'files', AWS_REGION: 'eu-central-1' })
    expect(location).toEqual({ bucket: 'files', region: 'eu-central-1', forcePathStyle: false, prefix: '' })
  })

  it.each([
    [{}, 'or3-provider-s3 needs a bucket: set OR3_S3_BUCKET'],
    [{ OR3_S3_BUCKET: 'b', OR3_S3_ACCESS_KEY_ID: 'key' }, 'Set both OR3_S3_ACCESS_KEY_ID and OR3_S3_SECRET_ACCESS_KEY'],
    [{ OR3_S3_BUCKET: 'b', OR3_S3_FORCE_PATH_STYLE: 'yes' }, "OR3_S3_FORCE_PATH_STYLE must be 'true' or 'false'"],
  ])('refuses %j', (env, message) => {
    expect(() => s3LocationFromEnv(env)).toThrow(message)
  })
})

describe('key prefix', () => {
  it('ends in one slash and refuses segments that would climb', () => {
    expect([normalizePrefix(''), normalizePrefix('or3'), normalizePrefix('/team/or3/')]).toEqual(['', 'or3/', 'team/or3/'])
    expect(() => normalizePrefix('a/../b')).toThrow("no '.' or '..' segments")
    expect(() => normalizePrefix('a b')).toThrow('OR3_S3_PREFIX')
  })
})

describe('content security policy', () => {
  afterEach(() => resetContentSources())

  it("adds the bucket's origin to connect-src, img-src and media-src", () => {
    allowBucketOrigin({ bucket: 'files', region: 'eu-west-1', forcePathStyle: false, prefix: '' })
    const sources = allowedContentSources()
    for (const directive of ['connect-src', 'img-src', 'media-src'] as const) {
      expect(sources[directive]).toEqual(['https://files.s3.eu-west-1.amazonaws.com'])
    }
  })

  it('warns instead of adding a plain-http store that is not on this machine', () => {
    const warnings: string[] = []
    allowBucketOrigin(
      { bucket: 'files', region: 'us-east-1', endpoint: 'http://storage.internal:9000', forcePathStyle: true, prefix: '' },
      (line) => warnings.push(line),
    )
    expect(allowedContentSources()['connect-src']).toEqual([])
    expect(warnings).toEqual([expect.stringContaining('give OR3_S3_ENDPOINT an https URL')])
  })
})
