import { existsSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mountScratchDisk } from 'or3-provider-kit/testing'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { locateBlob } from '../src/runtime/index'
import { bytesOf, createRig, CTX, hashOf, streamingPut, streamOf, type FsRig } from './rig'

let rig: FsRig
beforeEach(() => {
  rig = createRig()
})
afterEach(() => rig.cleanup())

const WS = 'ws-upload'

async function presign(bytes: Uint8Array, overrides: { hash?: string; sizeBytes?: number; mimeType?: string } = {}) {
  return rig.gateway.presignUpload(CTX, {
    workspaceId: WS,
    hash: overrides.hash ?? hashOf(bytes),
    mimeType: overrides.mimeType ?? 'text/plain',
    sizeBytes: overrides.sizeBytes ?? bytes.byteLength,
  })
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error
}

describe('upload route', () => {
  it('stores a streamed body at the path derived from workspace and hash, private to the owner', async () => {
    const parts = [bytesOf('first part, '), bytesOf('second part, '), bytesOf('last part')]
    const whole = bytesOf('first part, second part, last part')
    const presigned = await presign(whole)
    const response = await rig.fetch(presigned.url, streamingPut(streamOf(...parts), presigned.headers))
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ hash: hashOf(whole), stored: true, alreadyExisted: false })

    const { blobPath } = locateBlob(rig.root, WS, hashOf(whole))
    expect(readFileSync(blobPath)).toEqual(Buffer.from(whole))
    expect(statSync(blobPath).mode & 0o777).toBe(0o600)
    expect(rig.tempFiles()).toEqual([])
  })

  it('refuses a streamed body longer than signed, without a Content-Length, and leaves nothing in .tmp', async () => {
    const signed = bytesOf('x'.repeat(100))
    const presigned = await presign(signed)
    let pulledAfterLimit = 0
    // 100 bytes are signed; the client keeps sending 64-byte chunks well past that.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulledAfterLimit += 1
        if (pulledAfterLimit > 1000) controller.close()
        else controller.enqueue(new Uint8Array(64).fill(120))
      },
    })
    const response = await rig.fetch(presigned.url, streamingPut(endless, presigned.headers))
    expect(response.status).toBe(413)
    expect(await errorOf(response)).toMatchObject({ code: 'TOO_LARGE' })
    expect(pulledAfterLimit).toBeLessThan(1000) // aborted early, not after reading everything
    expect(rig.tempFiles()).toEqual([])
    expect(await rig.gateway.blobs.stat(WS, hashOf(signed))).toBeNull()
  })

  it('refuses a declared Content-Length that contradicts the signed size before reading', async () => {
    const bytes = bytesOf('twelve bytes')
    const presigned = await presign(bytes)
    let pulls = 0
    const watched = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls += 1
          controller.enqueue(bytes)
          controller.close()
        },
      })
    const larger = await rig.fetch(presigned.url, streamingPut(watched(), { 'Content-Length': '21' }))
    expect(larger.status).toBe(413)
    expect(await errorOf(larger)).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/larger than the 12 bytes its link was signed for/) })
    const shorter = await rig.fetch(presigned.url, streamingPut(watched(), { 'Content-Length': '6' }))
    expect(shorter.status).toBe(400)
    expect((await errorOf(shorter)).message).toMatch(/Content-Length 6 is less than the 12 bytes/)
    const garbage = await rig.fetch(presigned.url, streamingPut(watched(), { 'Content-Length': '12abc' }))
    expect(garbage.status).toBe(400)
    expect(pulls).toBe(0)
    expect(rig.tempFiles()).toEqual([])
    expect(await rig.gateway.blobs.stat(WS, hashOf(bytes))).toBeNull()
  })

  it('refuses a streamed body shorter than signed', async () => {
    const bytes = bytesOf('the full content')
    const presigned = await presign(bytes)
    const response = await rig.fetch(presigned.url, streamingPut(streamOf(bytesOf('the full')), presigned.headers))
    expect(response.status).toBe(400)
    expect((await errorOf(response)).message).toMatch(/Received 8 bytes but the upload link was signed for 16/)
    expect(rig.tempFiles()).toEqual([])
  })

  it('refuses bytes whose sha256 is not the signed hash (same size) with 400, like every VALIDATION error', async () => {
    const real = bytesOf('the real content')
    const forged = bytesOf('the fake content')
    const presigned = await presign(real)
    const response = await rig.fetch(presigned.url, streamingPut(streamOf(forged), presigned.headers))
    expect(response.status).toBe(400)
    expect(await errorOf(response)).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining(hashOf(forged)) })
    expect(rig.tempFiles()).toEqual([])
    expect(existsSync(locateBlob(rig.root, WS, hashOf(real)).blobPath)).toBe(false)
    expect(existsSync(locateBlob(rig.root, WS, hashOf(forged)).blobPath)).toBe(false)
  })

  it('refuses a Content-Type other than the signed one', async () => {
    const bytes = bytesOf('plain text')
    const presigned = await presign(bytes)
    const response = await rig.fetch(presigned.url, { method: 'PUT', headers: { 'Content-Type': 'text/html' }, body: bytes })
    expect(response.status).toBe(415)
    expect(await errorOf(response)).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringMatching(/does not match the signed type 'text\/plain'/),
    })
    // Parameters and case do not matter.
    const ok = await rig.fetch(presigned.url, { method: 'PUT', headers: { 'Content-Type': 'Text/Plain; charset=utf-8' }, body: bytes })
    expect(ok.status).toBe(201)
  })

  it('treats a repeated upload of a stored hash as a no-op success and keeps the stored bytes', async () => {
    const bytes = bytesOf('uploaded twice')
    const first = await presign(bytes)
    expect((await rig.fetch(first.url, { method: 'PUT', headers: first.headers, body: bytes })).status).toBe(201)
    const { blobPath } = locateBlob(rig.root, WS, hashOf(bytes))
    const before = statSync(blobPath)

    const second = await presign(bytes)
    expect(second.alreadyExists).toBe(true)
    const again = await rig.fetch(second.url, streamingPut(streamOf(bytes), second.headers))
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ stored: true, alreadyExisted: true })
    const after = statSync(blobPath)
    expect(after.ino).toBe(before.ino)
    expect(after.mtimeMs).toBe(before.mtimeMs)
    expect(rig.tempFiles()).toEqual([])
  })

  it('answers 404 when no fs gateway is active (another storage provider is configured)', async () => {
    const { default: uploadRoute } = await import('../src/runtime/server/routes/upload.put')
    const { setActiveFsStorage } = await import('../src/runtime/index')
    const { createApp, createRouter, toWebHandler } = await import('h3')
    const handler = toWebHandler(createApp().use(createRouter().put('/api/storage/fs/upload', uploadRoute)))
    const bytes = bytesOf('inactive')
    const presigned = await presign(bytes)
    const url = new URL(presigned.url, 'http://or3.test')

    setActiveFsStorage(null)
    const inactive = await handler(new Request(url, { method: 'PUT', body: bytes }))
    expect(inactive.status).toBe(404)
    expect((await errorOf(inactive)).message).toMatch(/not the active storage provider/)

    setActiveFsStorage(rig.gateway)
    try {
      const active = await handler(new Request(url, { method: 'PUT', headers: presigned.headers, body: bytes }))
      expect(active.status).toBe(201)
    } finally {
      setActiveFsStorage(null)
    }
  })
})

describe('upload route on a full disk', () => {
  const scratch = join(tmpdir(), `or3-fs-full-${process.pid}`)
  const disk = mountScratchDisk(scratch, { sizeKiB: 64 })
  afterAll(() => disk?.unmount())

  it.skipIf(!disk)('answers 503 with a sentence, not a crash, and keeps no partial file', async () => {
    const onDisk = createRig({ root: join(scratch, 'blobs') })
    try {
      disk!.fill()
      const bytes = bytesOf('y'.repeat(32 * 1024))
      const presigned = await onDisk.gateway.presignUpload(CTX, { workspaceId: WS, hash: hashOf(bytes), mimeType: 'text/plain', sizeBytes: bytes.byteLength })
      const response = await onDisk.fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body: bytes })
      expect(response.status).toBe(503)
      expect((await errorOf(response)).message).toBe('The disk holding the files is full')
      expect(onDisk.tempFiles()).toEqual([])
    } finally {
      onDisk.cleanup()
    }
  })
})
