import { expect } from 'vitest'
import type { StorageGatewayAdapter } from '../contracts/server.ts'
import type { PresignedRequest, UploadReceipt } from '../schemas/storage.ts'
import { createTestClock, sha256Hash, uniqueId, utf8, type TestClock } from './fixtures.ts'
import {
  expectProviderError,
  requireMethod,
  runConformanceSuite,
  withInstance,
  type ConformanceCase,
  type ConformanceFactory,
  type SuiteOptions,
} from './harness.ts'

export interface StorageLimits {
  maxFileBytes: number
  allowedMimeTypes: string[]
}

export interface StorageGatewaySettings {
  now: () => number
  limits: StorageLimits
  /** How long an uncommitted upload (or an unreferenced commit) survives GC. */
  uploadGraceMs: number
}

/**
 * An adapter with the transport a device would use on its presigned URLs: HTTP for fs, a function
 * call for an in-memory reference. `upload` rejects when the backend refuses the bytes, and
 * answers the upload's JSON body (the receipt the device passes to commit), if it has one.
 */
export interface StorageHarness {
  adapter: StorageGatewayAdapter
  /** Resolves to the upload's JSON answer (an object: the receipt) or to nothing. */
  upload(presigned: PresignedRequest, bytes: Uint8Array): Promise<unknown>
  download(presigned: PresignedRequest): Promise<Uint8Array>
}

export type StorageGatewayFactory<H extends StorageHarness = StorageHarness> = ConformanceFactory<StorageGatewaySettings, H>

type StorageCase = ConformanceCase<StorageGatewayFactory>

const GRACE_MS = 60 * 60 * 1000
const LIMITS: StorageLimits = { maxFileBytes: 1024, allowedMimeTypes: ['text/plain', 'image/png'] }
const ctx = { userId: 'conformance-user' }
const noReferences = { ...ctx, isReferenced: async () => false }

function withStorage(factory: StorageGatewayFactory, body: (h: StorageHarness, clock: TestClock) => Promise<void>) {
  const clock = createTestClock()
  return withInstance(factory, { now: clock.now, limits: LIMITS, uploadGraceMs: GRACE_MS }, (h) => body(h, clock))
}

const fileOf = (text = uniqueId('file')) => {
  const bytes = utf8(`contents of ${text}`)
  return { bytes, hash: sha256Hash(bytes), mimeType: 'text/plain', sizeBytes: bytes.length, name: `${text}.txt` }
}
type TestFile = ReturnType<typeof fileOf>

const presignUpload = (h: StorageHarness, workspaceId: string, file: TestFile) =>
  h.adapter.presignUpload(ctx, { workspaceId, hash: file.hash, mimeType: file.mimeType, sizeBytes: file.sizeBytes })

/** Receipts of this harness's uploads, by workspace and hash: a device keeps the one of its own upload. */
const receipts = new WeakMap<StorageHarness, Map<string, UploadReceipt>>()

async function sendBytes(h: StorageHarness, workspaceId: string, file: TestFile, presigned: PresignedRequest, bytes = file.bytes) {
  const answer = await h.upload(presigned, bytes)
  const mine = receipts.get(h) ?? new Map<string, UploadReceipt>()
  receipts.set(h, mine)
  if (typeof answer === 'object' && answer !== null) mine.set(`${workspaceId} ${file.hash}`, answer as UploadReceipt)
}

/** Commits as the device that uploaded: with its upload's receipt, when there was one. */
const commit = (h: StorageHarness, workspaceId: string, file: TestFile) => {
  const receipt = receipts.get(h)?.get(`${workspaceId} ${file.hash}`)
  return h.adapter.commit(ctx, {
    workspaceId,
    hash: file.hash,
    mimeType: file.mimeType,
    sizeBytes: file.sizeBytes,
    name: file.name,
    ...(receipt ? { receipt } : {}),
  })
}

async function uploadFile(h: StorageHarness, workspaceId: string, file: TestFile, options: { commit: boolean }) {
  await sendBytes(h, workspaceId, file, await presignUpload(h, workspaceId, file))
  if (options.commit) await commit(h, workspaceId, file)
}

async function downloadFile(h: StorageHarness, workspaceId: string, file: TestFile) {
  const presigned = await h.adapter.presignDownload(ctx, { workspaceId, hash: file.hash })
  return h.download(presigned)
}

const limitCases: StorageCase[] = [
  {
    name: 'presignUpload: a file over maxFileBytes is TOO_LARGE',
    run: (factory) =>
      withStorage(factory, async (h) => {
        const request = { workspaceId: uniqueId('ws'), hash: fileOf().hash, mimeType: 'text/plain', sizeBytes: LIMITS.maxFileBytes + 1 }
        await expectProviderError(h.adapter.presignUpload(ctx, request), 'TOO_LARGE', 'presigning an oversize file')
      }),
  },
  {
    name: 'presignUpload: a type outside allowedMimeTypes is VALIDATION',
    run: (factory) =>
      withStorage(factory, async (h) => {
        const request = { workspaceId: uniqueId('ws'), hash: fileOf().hash, mimeType: 'application/x-msdownload', sizeBytes: 10 }
        await expectProviderError(h.adapter.presignUpload(ctx, request), 'VALIDATION', 'presigning a disallowed type')
      }),
  },
  {
    name: 'upload and commit: bytes that do not match their hash are refused, at upload or at commit, and nothing is stored',
    run: (factory) =>
      withStorage(factory, async (h) => {
        const ws = uniqueId('ws')
        const claimed = fileOf('claimed')
        const forged = claimed.bytes.map((b, i) => (i === 0 ? b ^ 1 : b))
        const presigned = await presignUpload(h, ws, claimed)
        const refusedAtUpload = await sendBytes(h, ws, claimed, presigned, forged).then(
          () => false,
          () => true,
        )
        // A backend that hashes as the bytes arrive refuses the upload (then nothing is there to
        // commit); one that learns the hash only once they are stored (Convex) refuses the commit.
        if (refusedAtUpload) await expectProviderError(commit(h, ws, claimed), 'NOT_FOUND', 'committing after a refused upload')
        else await expectProviderError(commit(h, ws, claimed), 'VALIDATION', 'committing bytes that do not match their hash')
        const again = await presignUpload(h, ws, claimed)
        expect(again.alreadyExists, 'the refused bytes were not kept under the hash').toBe(false)
        await expectProviderError(h.adapter.presignDownload(ctx, { workspaceId: ws, hash: claimed.hash }), 'NOT_FOUND', 'downloading refused bytes')
        await sendBytes(h, ws, claimed, again)
        expect(await commit(h, ws, claimed), 'the right bytes are accepted after a refusal').toEqual({ hash: claimed.hash, committed: true })
      }),
  },
  {
    name: 'commit: before the bytes arrive is NOT_FOUND',
    run: (factory) =>
      withStorage(factory, async (h) => {
        await expectProviderError(commit(h, uniqueId('ws'), fileOf()), 'NOT_FOUND', 'committing a blob never uploaded')
      }),
  },
]

const blobCases: StorageCase[] = [
  {
    name: 'round trip: upload, commit, presignDownload and download give back exactly the bytes',
    run: (factory) =>
      withStorage(factory, async (h) => {
        const ws = uniqueId('ws')
        const file = fileOf()
        await uploadFile(h, ws, file, { commit: true })
        const bytes = await downloadFile(h, ws, file)
        expect(sha256Hash(bytes), 'the downloaded bytes hash to the committed hash').toBe(file.hash)
        expect([...bytes], 'byte for byte').toEqual([...file.bytes])
      }),
  },
  {
    name: 'presignUpload: a hash the workspace already holds answers alreadyExists',
    run: (factory) =>
      withStorage(factory, async (h) => {
        const ws = uniqueId('ws')
        const file = fileOf()
        expect((await presignUpload(h, ws, file)).alreadyExists, 'a new hash must be uploaded').toBe(false)
        await uploadFile(h, ws, file, { commit: true })
        expect((await presignUpload(h, ws, file)).alreadyExists, 'a stored hash is deduplicated').toBe(true)
      }),
  },
  {
    name: 'commit: idempotent',
    run: (factory) =>
      withStorage(factory, async (h) => {
        const ws = uniqueId('ws')
        const file = fileOf()
        await uploadFile(h, ws, file, { commit: false })
        const first = await commit(h, ws, file)
        const second = await commit(h, ws, file)
        const answer = { hash: file.hash, committed: true }
        expect([first, second], 'both commits answer the same').toEqual([answer, answer])
        expect([...(await downloadFile(h, ws, file))], 'the blob is intact').toEqual([...file.bytes])
      }),
  },
  {
    name: "tenancy: a workspace can't download, commit or deduplicate against another workspace's blob",
    run: (factory) =>
      withStorage(factory, async (h) => {
        const [a, b] = [uniqueId('ws-a'), uniqueId('ws-b')]
        const file = fileOf()
        await uploadFile(h, a, file, { commit: true })
        await expectProviderError(h.adapter.presignDownload(ctx, { workspaceId: b, hash: file.hash }), 'NOT_FOUND', "B asking for A's blob")
        await expectProviderError(commit(h, b, file), 'NOT_FOUND', "B committing A's blob by its hash alone")
        const inB = await presignUpload(h, b, file)
        expect(inB.alreadyExists, 'knowing a hash must not grant access to its bytes').toBe(false)
      }),
  },
]

const gcCases: StorageCase[] = [
  {
    needsClock: true,
    name: 'gc: removes uploads and unreferenced blobs past the grace period, keeps recent ones and other workspaces',
    run: (factory) =>
      withStorage(factory, async (h, clock) => {
        const gc = requireMethod(h.adapter, 'gc')
        const [ws, other] = [uniqueId('ws'), uniqueId('ws-other')]
        const [abandoned, unreferenced, recent, otherOld] = [fileOf('abandoned'), fileOf('unreferenced'), fileOf('recent'), fileOf('other')]
        await uploadFile(h, ws, abandoned, { commit: false })
        await uploadFile(h, ws, unreferenced, { commit: true })
        await uploadFile(h, other, otherOld, { commit: false })
        clock.advance(GRACE_MS + 1)
        await uploadFile(h, ws, recent, { commit: false })
        const { removed } = await gc({ ...noReferences }, { workspaceId: ws })
        expect(removed, 'the abandoned upload and the unreferenced old blob').toBe(2)
        await expectProviderError(commit(h, ws, abandoned), 'NOT_FOUND', 'committing a collected upload')
        await expectProviderError(downloadFile(h, ws, unreferenced), 'NOT_FOUND', 'downloading a collected blob')
        expect(await commit(h, ws, recent), 'an upload within the grace period is kept').toEqual({ hash: recent.hash, committed: true })
        expect(await commit(h, other, otherOld), "GC of one workspace leaves another's uploads").toEqual({
          hash: otherOld.hash,
          committed: true,
        })
      }),
  },
  {
    needsClock: true,
    name: 'gc: never removes a blob the workspace references',
    run: (factory) =>
      withStorage(factory, async (h, clock) => {
        const gc = requireMethod(h.adapter, 'gc')
        const ws = uniqueId('ws')
        const [committed, pending] = [fileOf('committed'), fileOf('pending')]
        await uploadFile(h, ws, committed, { commit: true })
        await uploadFile(h, ws, pending, { commit: false })
        clock.advance(GRACE_MS * 10)
        const referenced = new Set([committed.hash, pending.hash])
        const { removed } = await gc({ ...ctx, isReferenced: async (hash) => referenced.has(hash) }, { workspaceId: ws })
        expect(removed, 'nothing referenced is collected').toBe(0)
        expect([...(await downloadFile(h, ws, committed))], 'a referenced blob is still there').toEqual([...committed.bytes])
        expect(await commit(h, ws, pending), 'a referenced upload can still be committed').toEqual({ hash: pending.hash, committed: true })
      }),
  },
]

/** Every StorageGatewayAdapter guarantee, by name. */
export const storageGatewayCases: readonly StorageCase[] = [...limitCases, ...blobCases, ...gcCases]

export interface StorageGatewaySuiteOptions<H extends StorageHarness> extends StorageGatewayFactory<H>, SuiteOptions<'gc'> {}

export function testStorageGateway<H extends StorageHarness>(options: StorageGatewaySuiteOptions<H>): void {
  runConformanceSuite('StorageGatewayAdapter', storageGatewayCases, options as StorageGatewayFactory, options)
}
