import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bytesOf, createRig, CTX, hashOf, storeFile, type FsRig } from './rig'

let rig: FsRig
beforeEach(() => {
  rig = createRig({ urlTtlMs: 60_000 })
})
afterEach(() => rig.cleanup())

const bytes = bytesOf('hello signed world')
const hash = hashOf(bytes)

async function uploadUrl(workspaceId = 'ws-1') {
  return rig.gateway.presignUpload(CTX, { workspaceId, hash, mimeType: 'text/plain', sizeBytes: bytes.byteLength })
}

function tokenOf(url: string): string {
  return new URL(url, 'http://or3.test').searchParams.get('token') ?? ''
}

async function expectForbidden(response: Response, message: RegExp) {
  expect(response.status).toBe(403)
  const body = (await response.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe('FORBIDDEN')
  expect(body.error.message).toMatch(message)
}

describe('signed links', () => {
  it('signs a relative upload URL that the upload route accepts', async () => {
    const presigned = await uploadUrl()
    expect(presigned.url).toMatch(/^\/api\/storage\/fs\/upload\?token=[\w-]+\.[\w-]+$/)
    expect(presigned.expiresAt).toBe(rig.clock.now() + 60_000)
    const response = await rig.fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body: bytes })
    expect(response.status).toBe(201)
  })

  it('refuses a token whose claims were altered (another workspace, same signature)', async () => {
    const token = tokenOf((await uploadUrl()).url)
    const [payload, signature] = token.split('.') as [string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
    const forged = Buffer.from(JSON.stringify({ ...claims, w: 'ws-victim' })).toString('base64url')
    const response = await rig.fetch(`/api/storage/fs/upload?token=${forged}.${signature}`, { method: 'PUT', body: bytes })
    await expectForbidden(response, /signature does not match/)
    expect(await rig.gateway.blobs.stat('ws-victim', hash)).toBeNull()
  })

  it('refuses a token whose signature was altered only in bits base64url decoding ignores', async () => {
    const token = tokenOf((await uploadUrl()).url)
    // A 32-byte MAC is 43 characters; the last one carries 2 spare bits. Flipping one of them
    // decodes to the same bytes, so only a comparison of the canonical text notices.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet[alphabet.indexOf(token.at(-1) ?? 'A') ^ 1]
    const altered = `${token.slice(0, -1)}${last}`
    expect(Buffer.from(altered.split('.')[1] ?? '', 'base64url')).toEqual(Buffer.from(token.split('.')[1] ?? '', 'base64url'))
    const response = await rig.fetch(`/api/storage/fs/upload?token=${altered}`, { method: 'PUT', body: bytes })
    await expectForbidden(response, /signature does not match/)
  })

  it('refuses a token signed with another secret', async () => {
    const other = createRig({ secret: 'another-secret-another-secret-another' })
    try {
      const foreign = await other.gateway.presignUpload(CTX, { workspaceId: 'ws-1', hash, mimeType: 'text/plain', sizeBytes: bytes.byteLength })
      await expectForbidden(await rig.fetch(foreign.url, { method: 'PUT', body: bytes }), /signature does not match/)
    } finally {
      other.cleanup()
    }
  })

  it('refuses an expired token', async () => {
    const presigned = await uploadUrl()
    rig.clock.advance(60_000)
    const response = await rig.fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body: bytes })
    await expectForbidden(response, /expired/)
    expect(await rig.gateway.blobs.stat('ws-1', hash)).toBeNull()
  })

  it('refuses an upload token on the download route and a download token on the upload route', async () => {
    const upload = await uploadUrl()
    const uploadToken = tokenOf(upload.url)
    await expectForbidden(await rig.fetch(`/api/storage/fs/download?token=${uploadToken}`), /for upload, not download/)

    await storeFile(rig, 'ws-1', bytes)
    const download = await rig.gateway.presignDownload(CTX, { workspaceId: 'ws-1', hash })
    const downloadToken = tokenOf(download.url)
    const response = await rig.fetch(`/api/storage/fs/upload?token=${downloadToken}`, { method: 'PUT', body: bytes })
    await expectForbidden(response, /for download, not upload/)
  })

  it('refuses a missing or malformed token', async () => {
    await expectForbidden(await rig.fetch('/api/storage/fs/download'), /no token/)
    await expectForbidden(await rig.fetch('/api/storage/fs/download?token=abc'), /malformed/)
    await expectForbidden(await rig.fetch('/api/storage/fs/download?token=a.b.c'), /malformed/)
  })
})
