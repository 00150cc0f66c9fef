import { createApp, createRouter, defineEventHandler, toWebHandler } from 'h3'
import { afterEach, describe, expect, it } from 'vitest'
import { openRequestBody, readJsonBody, readRequestBytes, sendProviderError } from '../../src/server.ts'
import { sendChunkedBody, serveOnNode } from '../../src/testing/node-http.ts'

const MiB = 1024 * 1024
const CAP = MiB

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

/** Counts the bytes the handler was given, so a test can tell how far the server read. */
async function serveCapped() {
  const seen = { bytes: 0, reads: 0 }
  const server = await serveOnNode((app) =>
    app.use(
      '/upload',
      defineEventHandler(async (event) => {
        seen.reads += 1
        try {
          for await (const chunk of openRequestBody(event, { maxBytes: CAP })) seen.bytes += chunk.byteLength
          return { received: seen.bytes }
        } catch (error) {
          return sendProviderError(event, error)
        }
      }),
    ),
  )
  close = server.close
  return { ...server, seen }
}

describe('openRequestBody on a Node server', () => {
  it('stops a chunked body with no Content-Length at the cap: 413, the connection cut, the rest never read', async () => {
    const server = await serveCapped()
    const result = await sendChunkedBody(server.port, {
      path: '/upload',
      totalBytes: 150 * MiB,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(result, JSON.stringify(result)).toMatchObject({ status: 413, closed: true })
    // The client could hand its socket only what the kernel buffers hold, not 150 MiB.
    expect(result.sentBytes).toBeLessThan(64 * MiB)
    expect(server.seen.bytes).toBeLessThanOrEqual(CAP)
  })

  it('refuses a declared Content-Length over the cap before reading a byte', async () => {
    const server = await serveCapped()
    const response = await fetch(`${server.url}/upload`, { method: 'POST', body: new Uint8Array(CAP + 1) })
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE')
    expect(response.headers.get('connection')).toBe('close')
    expect(server.seen.bytes).toBe(0)
  })

  it('reads a chunked body under the cap whole', async () => {
    const server = await serveCapped()
    const result = await sendChunkedBody(server.port, { path: '/upload', totalBytes: CAP / 2, chunkBytes: 64 * 1024 })
    expect(result.status).toBe(200)
    expect(server.seen.bytes).toBe(CAP / 2)
  })
})

describe('readJsonBody', () => {
  const handle = toWebHandler(
    createApp().use(
      createRouter().post(
        '/json',
        defineEventHandler(async (event) => {
          try {
            const body = await readJsonBody(event, { maxBytes: 64 })
            return { body: body ?? null, polluted: Object.getPrototypeOf(body ?? {}) !== Object.prototype }
          } catch (error) {
            return sendProviderError(event, error)
          }
        }),
      ),
    ),
  )
  const post = (body: BodyInit | null) =>
    handle(new Request('http://or3.test/json', { method: 'POST', body, headers: { 'content-type': 'application/json' } }))

  it('parses JSON, and drops __proto__ keys', async () => {
    const response = await post('{"a":1,"__proto__":{"admin":true}}')
    expect(await response.json()).toEqual({ body: { a: 1 }, polluted: false })
  })

  it('answers an empty body as undefined and bad JSON as VALIDATION', async () => {
    expect(await (await post(null)).json()).toEqual({ body: null, polluted: false })
    const bad = await post('{"a":')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION')
  })

  it('stops a web stream body at the cap and cancels it', async () => {
    let pulls = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1
        if (pulls > 10_000) controller.close()
        else controller.enqueue(new Uint8Array(16).fill(32))
      },
    })
    const response = await handle(
      new Request('http://or3.test/json', { method: 'POST', body: endless, duplex: 'half' } as RequestInit),
    )
    expect(response.status).toBe(413)
    expect(pulls).toBeLessThan(100)
  })
})

describe('readRequestBytes', () => {
  it('returns the bytes of a body read in pieces', async () => {
    const server = await serveOnNode((app) =>
      app.use('/bytes', defineEventHandler(async (event) => ({ length: (await readRequestBytes(event, { maxBytes: CAP })).byteLength }))),
    )
    close = server.close
    const response = await fetch(`${server.url}/bytes`, { method: 'POST', body: new Uint8Array(300_000) })
    expect(await response.json()).toEqual({ length: 300_000 })
  })
})
