import type { Or3CloudConfig } from 'or3-provider-kit'
import { allowedContentSources, getServerRegistries, resetContentSources } from 'or3-provider-kit/server'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CTX } from './support/files'
import { startS3Double, uniqueBucket, type S3Double } from './support/s3-double'

// Outside a Nitro build, defineNitroPlugin is only the identity it is at runtime.
vi.mock('nitropack/runtime', () => ({ defineNitroPlugin: (plugin: unknown) => plugin }))
const { default: registerPlugin } = (await import('../src/runtime/server/plugins/register')) as unknown as { default: () => void }

const config = { storage: { maxFileBytes: 1000, allowedMimeTypes: ['text/plain'] } } as Or3CloudConfig

// Against the s3rver TEST DOUBLE.
let double: S3Double
beforeAll(async () => {
  double = await startS3Double()
})
afterAll(() => double?.close())
afterEach(() => {
  getServerRegistries().storage.reset()
  resetContentSources()
  vi.restoreAllMocks()
})

const envFor = (bucket: string) => ({
  OR3_S3_BUCKET: bucket,
  OR3_S3_ENDPOINT: double.endpoint,
  OR3_S3_FORCE_PATH_STYLE: 'true',
  OR3_S3_ACCESS_KEY_ID: double.credentials.accessKeyId,
  OR3_S3_SECRET_ACCESS_KEY: double.credentials.secretAccessKey,
})

describe('Nitro plugin', () => {
  it("registers storage 's3' from env, and admits the bucket's origin to the page policy", async () => {
    const bucket = uniqueBucket('plugin')
    await double.createBucket(bucket)
    registerPlugin()
    const storage = getServerRegistries().storage.resolve('s3', { config, env: envFor(bucket) })
    expect(storage.id).toBe('s3')
    expect(allowedContentSources()['connect-src']).toEqual([double.endpoint])
    const presigned = await storage.presignUpload(CTX, { workspaceId: 'ws', hash: `sha256:${'b'.repeat(64)}`, mimeType: 'text/plain', sizeBytes: 4 })
    expect(new URL(presigned.url).origin).toBe(double.endpoint)
  })

  it('reports a missing bucket at boot, as one sentence', async () => {
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line))
    registerPlugin()
    getServerRegistries().storage.resolve('s3', { config, env: envFor('not-created') })
    await vi.waitFor(() =>
      expect(errors).toEqual([`[or3-provider-s3] Bucket 'not-created' does not exist on ${double.endpoint}: create it, or correct OR3_S3_BUCKET.`]),
    )
  })
})
