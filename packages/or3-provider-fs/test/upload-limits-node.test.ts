import { createRouter } from 'h3'
import { sendChunkedBody, serveOnNode } from 'or3-provider-kit/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createBlobUploadHandler, FS_UPLOAD_ROUTE } from '../src/runtime/index'
import { bytesOf, createRig, CTX, hashOf, type FsRig } from './rig'

const MiB = 1024 * 1024
let rig: FsRig | undefined
let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  rig?.cleanup()
  close = rig = undefined
})

/** The real upload route on a real Node HTTP server, as the host runs it. */
async function serveUpload(overrides: Parameters<typeof createRig>[0] = {}) {
  const current = (rig = createRig(overrides))
  const server = await serveOnNode((app) => app.use(createRouter().put(FS_UPLOAD_ROUTE, createBlobUploadHandler(() => current.gateway))))
  close = server.close
  const signed = bytesOf('x'.repeat(1024))
  const presigned = await current.gateway.presignUpload(CTX, { workspaceId: 'ws', hash: hashOf(signed), mimeType: 'text/plain', sizeBytes: signed.byteLength })
  return { server, presigned, rig: current }
}

describe('upload route on a Node server', () => {
  it('stops a chunked body at the signed size: 413, the connection cut, nothing kept', async () => {
    const { server, presigned, rig } = await serveUpload()
    const result = await sendChunkedBody(server.port, {
      method: 'PUT',
      path: presigned.url,
      totalBytes: 150 * MiB,
      headers: { 'content-type': 'text/plain' },
    })
    expect(result.status).toBe(413)
    expect(result.closed).toBe(true)
    expect(result.sentBytes).toBeLessThan(64 * MiB)
    expect(rig.tempFiles()).toEqual([])
  })

  it('refuses a foreign page with 403 without reading the body', async () => {
    const { server, presigned, rig } = await serveUpload({ security: { allowedOrigins: [], trustProxy: false } })
    const result = await sendChunkedBody(server.port, {
      method: 'PUT',
      path: presigned.url,
      totalBytes: 150 * MiB,
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
    })
    expect(result.status).toBe(403)
    expect(result.closed).toBe(true)
    expect(result.sentBytes).toBeLessThan(64 * MiB)
    expect(rig.tempFiles()).toEqual([])
  })
})
