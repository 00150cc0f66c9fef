import { createHash } from 'node:crypto'
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProviderError } from 'or3-provider-kit'
import { createS3StorageGateway, objectKeys, type S3StorageGateway } from '../src/runtime/index'
import { bytesOf, CTX, hashOf, LIMITS, testClock } from './support/files'
import { DOUBLE_CREDENTIALS, sendPresigned, startS3Double, uniqueBucket, type S3Double } from './support/s3-double'

// Against the s3rver TEST DOUBLE, which enforces neither the signed length nor the checksum:
// whatever bytes reach the store, the commit is what must refuse them.
let double: S3Double
beforeAll(async () => {
  double = await startS3Double()
})
afterAll(() => double?.close())

const GRACE_MS = 60 * 60 * 1000
const WS = 'workspace-1'

async function rig(options: { client?: S3Client } = {}) {
  const bucket = uniqueBucket('gateway')
  await double.createBucket(bucket)
  const clock = testClock()
  const gateway = createS3StorageGateway({
    location: double.location(bucket),
    limits: LIMITS,
    now: clock.now,
    uploadGraceMs: GRACE_MS,
    ...options,
  })
  const keysIn = async () => {
    const page = await double.client.send(new ListObjectsV2Command({ Bucket: bucket }))
    return (page.Contents ?? []).map((entry) => entry.Key).sort()
  }
  return { bucket, clock, gateway, keysIn }
}

async function upload(gateway: S3StorageGateway, claimed: Uint8Array, sent: Uint8Array = claimed) {
  const hash = hashOf(claimed)
  const presigned = await gateway.presignUpload(CTX, { workspaceId: WS, hash, mimeType: 'text/plain', sizeBytes: claimed.byteLength })
  await sendPresigned(presigned, sent)
  return hash
}

const commitOf = (gateway: S3StorageGateway, bytes: Uint8Array) =>
  gateway.commit(CTX, { workspaceId: WS, hash: hashOf(bytes), mimeType: 'text/plain', sizeBytes: bytes.byteLength, name: 'a.txt' })

async function refusal(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ProviderError)
  return error as ProviderError
}

describe('presigned upload', () => {
  it('signs the claimed SHA-256 and length as headers the browser must send, and stamps the presign time', async () => {
    const { gateway, clock } = await rig()
    const bytes = bytesOf('hello')
    const presigned = await gateway.presignUpload(CTX, { workspaceId: WS, hash: hashOf(bytes), mimeType: 'text/plain', sizeBytes: 5 })
    const signed = new URL(presigned.url).searchParams.get('X-Amz-SignedHeaders')?.split(';')
    expect(signed).toEqual(expect.arrayContaining(['content-length', 'content-type', 'x-amz-checksum-sha256', 'x-amz-meta-or3-presigned-at']))
    expect(presigned.headers).toEqual({
      'Content-Type': 'text/plain',
      'x-amz-checksum-sha256': createHash('sha256').update(bytes).digest('base64'),
      'x-amz-meta-or3-presigned-at': String(clock.now()),
    })
    expect(presigned.expiresAt).toBe(clock.now() + 5 * 60 * 1000)
  })

  it('keys objects by workspace and content hash, never by anything the caller named', async () => {
    const { gateway, keysIn } = await rig()
    const bytes = bytesOf('keyed')
    await upload(gateway, bytes)
    await commitOf(gateway, bytes)
    const keys = objectKeys('', WS, hashOf(bytes))
    expect(await keysIn()).toEqual([keys.blob, keys.commit].sort())
    expect(keys.blob).toMatch(/^workspaces\/[0-9a-f]{32}\/blobs\/[0-9a-f]{64}$/)
  })

  it('does not deduplicate against bytes nobody verified', async () => {
    const { gateway } = await rig()
    const bytes = bytesOf('uncommitted')
    await upload(gateway, bytes)
    const again = await gateway.presignUpload(CTX, { workspaceId: WS, hash: hashOf(bytes), mimeType: 'text/plain', sizeBytes: bytes.byteLength })
    expect(again.alreadyExists).toBe(false)
  })
})

describe('presigned download', () => {
  it('serves the committed type, as an attachment unless it is safe to show in place', async () => {
    const { gateway } = await rig()
    const bytes = bytesOf('<svg onload="alert(1)"/>')
    const hash = hashOf(bytes)
    const presigned = await gateway.presignUpload(CTX, { workspaceId: WS, hash, mimeType: 'image/svg+xml', sizeBytes: bytes.byteLength })
    await sendPresigned(presigned, bytes)
    await gateway.commit(CTX, { workspaceId: WS, hash, mimeType: 'image/svg+xml', sizeBytes: bytes.byteLength, name: 'x.svg' })
    const download = await gateway.presignDownload(CTX, { workspaceId: WS, hash })
    const response = await fetch(download.url)
    expect(response.headers.get('content-type')).toBe('image/svg+xml')
    expect(response.headers.get('content-disposition')).toBe('attachment')
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes)
  })
})

describe('commit verifies the stored bytes against the claim', () => {
  it('refuses bytes of the same length that hash differently, and deletes them', async () => {
    const { gateway, keysIn } = await rig()
    const claimed = bytesOf('the real file')
    await upload(gateway, claimed, bytesOf('the fake file'))
    const error = await refusal(commitOf(gateway, claimed))
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain('do not hash to')
    expect(await keysIn()).toEqual([])
  })

  it('refuses bytes of another length, naming both sizes', async () => {
    const { gateway, keysIn } = await rig()
    const claimed = bytesOf('short')
    await upload(gateway, claimed, bytesOf('rather longer'))
    const error = await refusal(commitOf(gateway, claimed))
    expect(error.code).toBe('VALIDATION')
    expect(error.message).toContain('has 13 bytes')
    expect(await keysIn()).toEqual([])
  })

  it("uses the store's own SHA-256 when it keeps one, without reading the object back", async () => {
    // The double keeps no checksums; this client adds the header a checksum-keeping store (AWS, R2)
    // answers HeadObject with, the SHA-256 of the bytes actually stored, and counts reads.
    const stored = bytesOf('bytes on the store')
    const storedChecksum = createHash('sha256').update(stored).digest('base64')
    const client = new S3Client({ region: 'us-east-1', endpoint: double.endpoint, forcePathStyle: true, credentials: DOUBLE_CREDENTIALS })
    const operations: string[] = []
    client.middlewareStack.add(
      (next, context) => async (args) => {
        operations.push(context.commandName ?? '')
        const result = await next(args)
        const response = result.response as { headers?: Record<string, string> }
        if (context.commandName === 'HeadObjectCommand' && response.headers) response.headers['x-amz-checksum-sha256'] = storedChecksum
        return result
      },
      { step: 'deserialize', name: 'storeKeepsChecksums' },
    )
    const { gateway, keysIn } = await rig({ client })
    const claimed = bytesOf('bytes on the claim')
    await upload(gateway, claimed, stored)
    operations.length = 0
    const error = await refusal(commitOf(gateway, claimed))
    expect(error.code).toBe('VALIDATION')
    expect(operations).toContain('HeadObjectCommand')
    expect(operations.filter((name) => name === 'GetObjectCommand')).toHaveLength(1) // the commit record lookup only
    expect(await keysIn()).toEqual([])
    // And the same store's checksum admits the right bytes.
    await upload(gateway, stored)
    expect(await commitOf(gateway, stored)).toEqual({ hash: hashOf(stored), committed: true })
  })
})

describe('gc', () => {
  it('removes never-committed uploads and unreferenced commits past the grace period, and dangling commit records', async () => {
    const { gateway, clock, keysIn, bucket } = await rig()
    const [abandoned, unreferenced, referenced] = [bytesOf('abandoned'), bytesOf('unreferenced'), bytesOf('referenced')]
    await upload(gateway, abandoned)
    await upload(gateway, unreferenced)
    await commitOf(gateway, unreferenced)
    await upload(gateway, referenced)
    await commitOf(gateway, referenced)
    // A commit record whose bytes were removed behind the provider's back.
    const orphan = objectKeys('', WS, hashOf(bytesOf('orphan')))
    await double.client.send(new PutObjectCommand({ Bucket: bucket, Key: orphan.commit, Body: '{}' }))
    clock.advance(GRACE_MS + 1)
    const fresh = bytesOf('fresh')
    await upload(gateway, fresh)
    const keep = new Set([hashOf(referenced)])
    const { removed } = await gateway.gc!({ ...CTX, isReferenced: async (hash) => keep.has(hash) }, { workspaceId: WS })
    expect(removed).toBe(2)
    const expected = [objectKeys('', WS, hashOf(referenced)).blob, objectKeys('', WS, hashOf(referenced)).commit, objectKeys('', WS, hashOf(fresh)).blob]
    expect(await keysIn()).toEqual(expected.sort())
    const head = await double.client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKeys('', WS, hashOf(fresh)).blob }))
    expect(head.Metadata?.['or3-presigned-at']).toBe(String(clock.now()))
  })
})
