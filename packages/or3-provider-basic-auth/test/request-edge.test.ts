import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mountScratchDisk } from 'or3-provider-kit/testing'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createHarness, ORIGIN, STRONG_PASSWORD, type Harness } from './support/harness'

let h: Harness
afterEach(() => h?.close())

const credentials = { email: 'ann@example.org', password: STRONG_PASSWORD }

describe('request edge (the kit mechanisms every route shares)', () => {
  it('refuses a form-encoded, multipart or text sign-in with 415, so a foreign form cannot post one', async () => {
    h = createHarness()
    await h.browser().register(credentials)
    const form = new URLSearchParams(credentials).toString()
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      const reply = await h.browser().post('/api/basic-auth/sign-in', form, { headers: { 'content-type': type } })
      expect(reply.status, type).toBe(415)
      expect(reply.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    }
  })

  it('stops reading a streamed body past 16 KiB with 413', async () => {
    h = createHarness()
    let pulls = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1
        if (pulls > 100_000) controller.close()
        else controller.enqueue(new TextEncoder().encode('{"padding":"' + 'x'.repeat(1000)))
      },
    })
    const reply = await h.browser().post('/api/basic-auth/sign-in', endless, { headers: { 'content-type': 'application/json' } })
    expect(reply.status).toBe(413)
    expect(reply.body.error.code).toBe('TOO_LARGE')
    expect(pulls).toBeLessThan(100)
  })

  it('marks cookies Secure over HTTPS outside production: directly, or through a trusted proxy', async () => {
    h = createHarness({ config: { trustProxy: true } })
    const httpsOrigin = ORIGIN.replace('http:', 'https:')
    const proxied = await h.browser().post('/api/basic-auth/register', credentials, {
      headers: { origin: httpsOrigin, 'x-forwarded-proto': 'https' },
    })
    expect(proxied.status).toBe(201)
    const cookies = proxied.headers.getSetCookie()
    expect(cookies.length).toBeGreaterThan(0)
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure/)

    const plain = await h.browser().post('/api/basic-auth/sign-in', credentials)
    for (const cookie of plain.headers.getSetCookie()) expect(cookie).not.toMatch(/Secure/)
  })

  const scratch = join(tmpdir(), `or3-basic-auth-full-${process.pid}`)
  const disk = mountScratchDisk(scratch, { sizeKiB: 1024 })
  afterAll(() => disk?.unmount())

  it.skipIf(!disk)('answers a full accounts disk with 503 and a sentence, not a bare 500', async () => {
    h = createHarness({ dataDir: join(scratch, 'data') })
    await h.browser().register(credentials)
    disk!.fill()
    const reply = await h.browser().register({ email: 'bo@example.org', password: STRONG_PASSWORD })
    expect([reply.status, reply.body.error]).toEqual([503, { code: 'UNAVAILABLE', message: 'The disk holding the SQLite database is full' }])
  })
})
