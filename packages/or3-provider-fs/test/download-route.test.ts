import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bytesOf, createRig, CTX, storeFile, type FsRig } from './rig'

let rig: FsRig
beforeEach(() => {
  rig = createRig()
})
afterEach(() => rig.cleanup())

const WS = 'ws-download'
const content = bytesOf('0123456789abcdefghij') // 20 bytes

async function downloadUrl(options: { mimeType?: string; name?: string; bytes?: Uint8Array<ArrayBuffer> } = {}) {
  const hash = await storeFile(rig, WS, options.bytes ?? content, options)
  return { hash, url: (await rig.gateway.presignDownload(CTX, { workspaceId: WS, hash })).url }
}

describe('download route', () => {
  it('streams the whole blob with safe headers', async () => {
    const { hash, url } = await downloadUrl({ mimeType: 'text/plain', name: 'notes.txt' })
    expect(url).toMatch(/^\/api\/storage\/fs\/download\?token=/)
    const response = await rig.fetch(url)
    expect(response.status).toBe(200)
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(content)
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(response.headers.get('content-length')).toBe('20')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('etag')).toBe(`"${hash}"`)
    expect(response.headers.get('accept-ranges')).toBe('bytes')
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`)
  })

  it('serves raster images inline and anything scriptable as an attachment', async () => {
    const png = await downloadUrl({ mimeType: 'image/png', name: 'a.png', bytes: bytesOf('not really a png') })
    expect((await rig.fetch(png.url)).headers.get('content-disposition')).toMatch(/^inline; /)
    const svg = await downloadUrl({ mimeType: 'image/svg+xml', name: 'a.svg', bytes: bytesOf('<svg onload=alert(1)>') })
    const response = await rig.fetch(svg.url)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; /)
    expect(response.headers.get('content-security-policy')).toContain('sandbox')
  })

  it('encodes a unicode file name as RFC 5987 filename* with an ASCII fallback, and strips header breakers', async () => {
    const { url } = await downloadUrl({ name: 'Résumé "final"\r\nX-Evil: 1 ✓ (v2)*.txt' })
    const disposition = (await rig.fetch(url)).headers.get('content-disposition') ?? ''
    expect(disposition).toBe(
      `attachment; filename="Resume _final_X-Evil: 1 _ (v2)*.txt"; ` +
        `filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22X-Evil%3A%201%20%E2%9C%93%20%28v2%29%2A.txt`,
    )
    const encoded = disposition.split("filename*=UTF-8''")[1] ?? ''
    expect(decodeURIComponent(encoded)).toBe('Résumé "final"X-Evil: 1 ✓ (v2)*.txt')
  })

  it('answers a single byte range with 206, Content-Range and exactly those bytes', async () => {
    const { url } = await downloadUrl()
    const cases: Array<[string, string, string]> = [
      ['bytes=2-5', 'bytes 2-5/20', '2345'],
      ['bytes=15-', 'bytes 15-19/20', 'fghij'],
      ['bytes=-3', 'bytes 17-19/20', 'hij'],
      ['bytes=18-99', 'bytes 18-19/20', 'ij'],
    ]
    for (const [range, contentRange, body] of cases) {
      const response = await rig.fetch(url, { headers: { Range: range } })
      expect(response.status, range).toBe(206)
      expect(response.headers.get('content-range'), range).toBe(contentRange)
      expect(response.headers.get('content-length'), range).toBe(String(body.length))
      expect(await response.text(), range).toBe(body)
    }
  })

  it('answers 416 with the full size for an unsatisfiable range', async () => {
    const { url } = await downloadUrl()
    for (const range of ['bytes=20-', 'bytes=25-30', 'bytes=-0']) {
      const response = await rig.fetch(url, { headers: { Range: range } })
      expect(response.status, range).toBe(416)
      expect(response.headers.get('content-range'), range).toBe('bytes */20')
    }
  })

  it('ignores ranges it does not serve (several ranges, other units) and sends the whole file', async () => {
    const { url } = await downloadUrl()
    for (const range of ['bytes=0-1,4-5', 'items=0-1', 'bytes=5-2']) {
      const response = await rig.fetch(url, { headers: { Range: range } })
      expect(response.status, range).toBe(200)
      expect(await response.text(), range).toBe('0123456789abcdefghij')
    }
  })

  it('answers 404 once the blob is gone, even with a valid token', async () => {
    const { hash, url } = await downloadUrl()
    await rig.gateway.blobs.remove(WS, hash)
    const response = await rig.fetch(url)
    expect(response.status).toBe(404)
  })
})
