import { describe, expect, it } from 'vitest'
import { createByteTransport } from '../../../app/core/storage/send-bytes'

const presigned = { url: 'https://deployment.example/api/storage/upload?token=t', method: 'POST' as const, headers: {}, expiresAt: 0 }

function transportAnswering(body: string | null, contentType = 'application/json') {
  return createByteTransport({ fetch: async () => new Response(body, { status: 200, headers: { 'content-type': contentType } }) })
}

const send = (body: string | null) =>
  transportAnswering(body).upload(presigned, new Blob(['bytes']), { signal: new AbortController().signal, onProgress: () => {} })

describe("an upload's receipt", () => {
  it('is the JSON object the upload answered, unchanged', async () => {
    expect(await send('{"storageId":"kg2abc"}')).toEqual({ storageId: 'kg2abc' })
  })

  it('is absent when the upload answered nothing, text, or something too big to pass on', async () => {
    expect(await send(null)).toBeUndefined()
    expect(await send('ok')).toBeUndefined()
    expect(await send('["not", "an", "object"]')).toBeUndefined()
    expect(await send(JSON.stringify({ blob: 'x'.repeat(5000) }))).toBeUndefined()
  })
})
