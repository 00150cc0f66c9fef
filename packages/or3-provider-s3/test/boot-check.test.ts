import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProviderError } from 'or3-provider-kit'
import { createS3StorageGateway, type S3Location } from '../src/runtime/index'
import { CTX, LIMITS } from './support/files'
import { startS3Double, uniqueBucket, type S3Double } from './support/s3-double'

// Against the s3rver TEST DOUBLE: it answers an unknown access key with 403 and a missing bucket
// with 404, the answers real stores give to HeadBucket.
let double: S3Double
let bucket: string
beforeAll(async () => {
  double = await startS3Double()
  bucket = uniqueBucket('boot')
  await double.createBucket(bucket)
})
afterAll(() => double?.close())

async function bootError(location: S3Location): Promise<ProviderError> {
  const gateway = createS3StorageGateway({ location, limits: LIMITS })
  const error = await gateway.ready().then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ProviderError)
  // One sentence, no SDK jargon, no secret.
  const message = (error as ProviderError).message
  expect(message.split(/[.!?](?:\s|$)/).filter(Boolean)).toHaveLength(1)
  expect(message).not.toContain('UnknownError')
  expect(message).not.toContain(location.credentials?.secretAccessKey ?? '\u0000')
  return error as ProviderError
}

describe('boot check', () => {
  it('passes for a bucket the credentials can use', async () => {
    await expect(createS3StorageGateway({ location: double.location(bucket), limits: LIMITS }).ready()).resolves.toBeUndefined()
  })

  it('names the credentials when the store refuses them', async () => {
    const error = await bootError({ ...double.location(bucket), credentials: { accessKeyId: 'WRONG', secretAccessKey: 'not-the-secret' } })
    expect(error.code).toBe('NOT_CONFIGURED')
    expect(error.message).toBe(
      `${double.endpoint} refused the S3 credentials for bucket '${bucket}': check OR3_S3_ACCESS_KEY_ID and OR3_S3_SECRET_ACCESS_KEY (or the AWS credentials) and that they may use this bucket.`,
    )
  })

  it('names the bucket when it does not exist', async () => {
    const error = await bootError(double.location('no-such-bucket'))
    expect(error.code).toBe('NOT_CONFIGURED')
    expect(error.message).toBe(`Bucket 'no-such-bucket' does not exist on ${double.endpoint}: create it, or correct OR3_S3_BUCKET.`)
  })

  it('says the store cannot be reached when nothing listens at the endpoint', async () => {
    const port = await closedPort()
    const error = await bootError({ ...double.location(bucket), endpoint: `http://127.0.0.1:${port}` })
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toBe(`Cannot reach http://127.0.0.1:${port}: check OR3_S3_ENDPOINT and that the store is running.`)
  })

  it('every operation fails with the same sentence until the set-up is fixed', async () => {
    const gateway = createS3StorageGateway({ location: double.location('missing-bucket'), limits: LIMITS })
    const request = { workspaceId: 'ws', hash: `sha256:${'a'.repeat(64)}`, mimeType: 'text/plain', sizeBytes: 3 }
    await expect(gateway.presignUpload(CTX, request)).rejects.toThrow("Bucket 'missing-bucket' does not exist")
    await double.createBucket('missing-bucket')
    await expect(gateway.presignUpload(CTX, request)).resolves.toMatchObject({ method: 'PUT', alreadyExists: false })
  })
})

/** A loopback port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
