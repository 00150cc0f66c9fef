import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFsStorageGateway, locateBlob } from '../src/runtime/index'
import { bytesOf, createRig, CTX, hashOf, storeFile, type FsRig } from './rig'

let rig: FsRig | undefined
afterEach(() => rig?.cleanup())

const WS = 'ws-gateway'

describe('fs storage gateway', () => {
  it('accepts exact types and type/* families from the configured allow-list, case-insensitively', async () => {
    rig = createRig({ limits: { maxFileBytes: 100, allowedMimeTypes: ['image/*', 'application/pdf'] } })
    const request = (mimeType: string) => ({ workspaceId: WS, hash: hashOf(bytesOf(mimeType)), mimeType, sizeBytes: 10 })
    for (const allowed of ['image/png', 'IMAGE/WEBP', 'application/pdf']) {
      await expect(rig.gateway.presignUpload(CTX, request(allowed)), allowed).resolves.toMatchObject({ method: 'PUT' })
    }
    for (const refused of ['text/plain', 'application/pdfx', 'imagex/png']) {
      await expect(rig.gateway.presignUpload(CTX, request(refused)), refused).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringContaining('allowed types: image/*, application/pdf'),
      })
    }
    await expect(rig.gateway.presignUpload(CTX, { ...request('image/png'), sizeBytes: 101 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('at most 100 bytes'),
    })
  })

  it('signs the upload with the Content-Type the client must send', async () => {
    rig = createRig()
    const presigned = await rig.gateway.presignUpload(CTX, { workspaceId: WS, hash: hashOf(bytesOf('a')), mimeType: 'image/png', sizeBytes: 1 })
    expect(presigned).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'image/png' }, alreadyExists: false })
  })

  it('keeps the first commit record: a repeat under another name changes nothing', async () => {
    rig = createRig()
    const hash = await storeFile(rig, WS, bytesOf('same bytes'), { name: 'first.txt' })
    rig.clock.advance(5_000)
    await rig.gateway.commit(CTX, { workspaceId: WS, hash, mimeType: 'text/plain', sizeBytes: 10, name: 'second.txt' })
    expect(await rig.gateway.blobs.readMetadata(WS, hash)).toEqual({
      hash,
      mimeType: 'text/plain',
      sizeBytes: 10,
      name: 'first.txt',
      committedAt: rig.clock.now() - 5_000,
    })
  })

  it('refuses a commit whose size contradicts the stored bytes', async () => {
    rig = createRig()
    const bytes = bytesOf('uncommitted')
    const presigned = await rig.gateway.presignUpload(CTX, { workspaceId: WS, hash: hashOf(bytes), mimeType: 'text/plain', sizeBytes: 11 })
    await rig.fetch(presigned.url, { method: 'PUT', body: bytes })
    await expect(
      rig.gateway.commit(CTX, { workspaceId: WS, hash: hashOf(bytes), mimeType: 'text/plain', sizeBytes: 12, name: 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('has 11 bytes') })
  })

  it('gc removes temp files of dead uploads and commit records without bytes, by the injected clock', async () => {
    rig = createRig({ uploadGraceMs: 1_000 })
    const stale = join(rig.root, '.tmp', `${rig.clock.now() - 2_000}-${'a'.repeat(24)}.part`)
    const fresh = join(rig.root, '.tmp', `${rig.clock.now()}-${'b'.repeat(24)}.part`)
    writeFileSync(stale, 'partial')
    writeFileSync(fresh, 'in flight')
    const hash = await storeFile(rig, WS, bytesOf('orphaned record'))
    const { blobPath, metaPath } = locateBlob(rig.root, WS, hash)
    rmSync(blobPath) // bytes lost after the commit (e.g. a crash between the two removals)

    const { removed } = await rig.gateway.gc!({ ...CTX, isReferenced: async () => true }, { workspaceId: WS })
    expect(removed).toBe(0)
    expect(existsSync(stale)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
    expect(existsSync(metaPath)).toBe(false)
  })

  it('refuses to start without a usable secret or root', () => {
    const limits = { maxFileBytes: 1, allowedMimeTypes: ['*/*'] }
    expect(() => createFsStorageGateway({ root: '/tmp/x', secret: 'short', limits })).toThrow(/at least 32 characters/)
    expect(() => createFsStorageGateway({ root: '', secret: 'x'.repeat(32), limits })).toThrow(/OR3_FS_ROOT/)
  })
})
