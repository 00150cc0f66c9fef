import 'fake-indexeddb/auto'
import { ProviderError, type ObjectStorageProvider, type PresignedRequest } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { createHybridLogicalClock } from '../../../app/core/db/hlc'
import { createLocalWriter } from '../../../app/core/db/local-writes'
import { BlobHashMismatchError, hashBytes } from '../../../app/core/storage/hash-blob'
import type { ByteTransport } from '../../../app/core/storage/send-bytes'
import { createStorageQueue } from '../../../app/core/storage/storage-queue'
import { loadAttachments } from '../../../app/core/chat/load-attachments'
import { NetworkUnreachableError } from 'or3-provider-kit'
import { waitFor } from './support/flush'
import { ManualScheduler } from './support/manual-scheduler'
import { closeTestDatabases, openTestDatabase } from './support/test-db'

const offline = () => new ProviderError('UNAVAILABLE', 'unreachable', { cause: new NetworkUnreachableError(new TypeError('fetch failed')) })

/** An in-memory storage server and byte transport, with hooks to break or hold transfers. */
function createFakeStorage() {
  const blobs = new Map<string, Blob>()
  const calls: string[] = []
  const presigned = (url: string): PresignedRequest => ({ url, method: 'PUT', headers: {}, expiresAt: Date.now() + 60_000 })
  const provider: ObjectStorageProvider = {
    id: 'fake',
    async presignUpload({ hash }) {
      calls.push(`presignUpload ${hash}`)
      return { ...presigned(`/up/${hash}`), alreadyExists: blobs.has(hash) }
    },
    async presignDownload({ hash }) {
      calls.push(`presignDownload ${hash}`)
      if (!blobs.has(hash)) throw new ProviderError('NOT_FOUND', 'no such file')
      return { ...presigned(`/down/${hash}`), method: 'GET' }
    },
    async commit({ hash, receipt }) {
      calls.push(receipt ? `commit ${hash} ${JSON.stringify(receipt)}` : `commit ${hash}`)
      return { hash, committed: true }
    },
  }
  const hooks = {
    /** Runs before a download answers; may throw or wait. */
    beforeDownload: async (_hash: string): Promise<void> => {},
    tamper: false,
    active: 0,
    maxActive: 0,
  }
  const transport: ByteTransport = {
    async upload(request, body, { onProgress }) {
      calls.push(`upload ${request.url}`)
      blobs.set(request.url.slice('/up/'.length), body)
      onProgress(body.size)
      // What the upload answered, as a backend that needs it at commit (Convex) answers.
      return { storageId: `stored-${request.url.slice('/up/sha256:'.length, '/up/sha256:'.length + 8)}` }
    },
    async download(request, { signal }) {
      const hash = request.url.slice('/down/'.length)
      hooks.active++
      hooks.maxActive = Math.max(hooks.maxActive, hooks.active)
      try {
        await Promise.race([hooks.beforeDownload(hash), new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))])
        return hooks.tamper ? new Blob(['evil bytes']) : blobs.get(hash)!
      } finally {
        hooks.active--
      }
    },
  }
  return { blobs, calls, provider, transport, hooks }
}

async function setup(storage = createFakeStorage()) {
  const db = await openTestDatabase()
  const scheduler = new ManualScheduler()
  const writer = createLocalWriter({ db, deviceId: 'dev-1', hlc: createHybridLogicalClock('dev-1', scheduler.now), capture: true, now: scheduler.now })
  const queue = createStorageQueue({
    db,
    workspaceId: 'ws-1',
    provider: storage.provider,
    transport: storage.transport,
    writer,
    scheduler,
    maxAttempts: 3,
    backoff: { baseMs: 1_000, maxMs: 10_000 },
  })
  return { db, scheduler, queue, storage }
}

async function seed(storage: ReturnType<typeof createFakeStorage>, text: string) {
  const blob = new Blob([text], { type: 'text/plain' })
  const hash = await hashBytes(blob)
  storage.blobs.set(hash, blob)
  return hash
}

afterEach(closeTestDatabases)


describe('storage queue', () => {
  it("hashes, uploads, commits with the upload's receipt, keeps the bytes and writes a synced file_meta row", async () => {
    const { db, queue, storage } = await setup()
    const file = new Blob(['hello attachment'], { type: 'text/plain' })
    const meta = await queue.upload(file, { name: 'note.txt' })

    expect(meta.hash).toBe(await hashBytes(new TextEncoder().encode('hello attachment')))
    expect(meta).toMatchObject({ name: 'note.txt', mime_type: 'text/plain', size_bytes: 16, kind: 'text', deleted: false })
    const receipt = JSON.stringify({ storageId: `stored-${meta.hash.slice('sha256:'.length, 'sha256:'.length + 8)}` })
    expect(storage.calls).toEqual([`presignUpload ${meta.hash}`, `upload /up/${meta.hash}`, `commit ${meta.hash} ${receipt}`])
    expect(await (await db.file_blobs.get(meta.hash))!.blob.text()).toBe('hello attachment')
    expect((await db.pending_ops.toArray()).map((row) => `${row.table_name}:${row.pk}`)).toEqual([`file_meta:${meta.hash}`])
    expect(await db.transfers.count()).toBe(0)
  })

  it('a file being uploaded already gives the model its name and type, before its file_meta row exists', async () => {
    const storage = createFakeStorage()
    // The upload waits at the server until the test lets it go.
    let letGo!: () => void
    const held = new Promise<void>((resolve) => (letGo = resolve))
    const presign = storage.provider.presignUpload.bind(storage.provider)
    storage.provider.presignUpload = async (input) => (await held, presign(input))
    const { db, queue } = await setup(storage)
    const file = new Blob(['%PDF-1.4 tiny'], { type: 'application/pdf' })
    const { hash, uploaded } = await queue.queueUpload(file, { name: 'report.pdf' })
    // Still uploading: no synced row yet, but what a message sent now needs is here.
    expect(await db.file_meta.get(hash)).toBeUndefined()
    const [early] = await loadAttachments({ db, storage: null }, [hash])
    expect(early).toMatchObject({ name: 'report.pdf', mimeType: 'application/pdf', hash })
    letGo()
    await uploaded
    expect(await db.file_meta.get(hash)).toMatchObject({ name: 'report.pdf' })
    const [after] = await loadAttachments({ db, storage: null }, [hash])
    expect(after).toMatchObject({ name: 'report.pdf', mimeType: 'application/pdf' })
  })

  it('skips sending bytes the workspace already has', async () => {
    const { queue, storage } = await setup()
    const hash = await seed(storage, 'already there')
    await queue.upload(new Blob(['already there'], { type: 'text/plain' }), { name: 'dup.txt' })
    expect(storage.calls).toEqual([`presignUpload ${hash}`, `commit ${hash}`])
  })

  it('rejects downloaded bytes that do not match their hash, and never keeps them', async () => {
    const { db, queue, scheduler, storage } = await setup()
    const hash = await seed(storage, 'genuine')
    storage.hooks.tamper = true
    const result = queue.ensureBlob(hash).catch((error) => error)
    await waitFor(() => scheduler.pendingDelays().length > 0, 'first retry')
    scheduler.advance(1_000)
    await waitFor(() => scheduler.pendingDelays().length > 0, 'second retry')
    scheduler.advance(2_000)

    const error = await result
    expect(error).toBeInstanceOf(BlobHashMismatchError)
    expect(storage.calls.filter((c) => c.startsWith('presignDownload'))).toHaveLength(3)
    expect(await db.file_blobs.get(hash)).toBeUndefined()
    expect(await db.transfers.get(`download:${hash}`)).toMatchObject({ status: 'failed', attempts: 3 })
  })

  it('retries a download that failed on the network, after the backoff', async () => {
    const { db, queue, scheduler, storage } = await setup()
    const hash = await seed(storage, 'worth the wait')
    let failures = 1
    storage.hooks.beforeDownload = async () => {
      if (failures-- > 0) throw offline()
    }
    const result = queue.ensureBlob(hash)
    await waitFor(() => scheduler.pendingDelays().length > 0, 'retry timer')
    expect(scheduler.pendingDelays()).toEqual([1_000])
    scheduler.advance(1_000)
    expect(await (await result).text()).toBe('worth the wait')
    expect(await (await db.file_blobs.get(hash))!.blob.text()).toBe('worth the wait')
  })

  it('does not retry what cannot succeed', async () => {
    const { queue } = await setup()
    await expect(queue.ensureBlob(`sha256:${'0'.repeat(64)}`)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('moves at most two files at once', async () => {
    const { queue, storage } = await setup()
    const hashes = await Promise.all([1, 2, 3, 4, 5].map((i) => seed(storage, `file ${i}`)))
    const gates: Array<() => void> = []
    storage.hooks.beforeDownload = () => new Promise<void>((resolve) => gates.push(resolve))
    const all = Promise.all(hashes.map((hash) => queue.ensureBlob(hash)))
    let released = 0
    while (released < hashes.length) {
      await waitFor(() => gates.length === Math.min(2, hashes.length - released), 'the next downloads to start')
      // Give a third download every chance to start before checking it did not.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
      expect(storage.hooks.active).toBe(Math.min(2, hashes.length - released))
      gates.shift()!()
      released++
    }
    await all
    expect(storage.hooks.maxActive).toBe(2)
  })

  it('cancels every transfer of the workspace and resumes them later', async () => {
    const { db, queue, storage } = await setup()
    const hashes = await Promise.all([1, 2, 3].map((i) => seed(storage, `file ${i}`)))
    let hold = true
    const gates: Array<() => void> = []
    storage.hooks.beforeDownload = () => (hold ? new Promise<void>((resolve) => gates.push(resolve)) : Promise.resolve())
    const results = hashes.map((hash) => queue.ensureBlob(hash).catch((error) => error))
    await waitFor(() => gates.length === 2, 'two running downloads')

    queue.cancelAll()
    for (const result of await Promise.all(results)) expect(result).toMatchObject({ name: 'AbortError' })
    expect(await db.file_blobs.count()).toBe(0)
    expect((await db.transfers.toArray()).map((row) => row.status)).toEqual(['queued', 'queued', 'queued'])

    hold = false
    await queue.resume()
    await waitFor(async () => (await db.file_blobs.count()) === 3, 'resumed downloads')
    await waitFor(async () => (await db.transfers.count()) === 0, 'transfer rows cleared')
  })
})
