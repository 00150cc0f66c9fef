import { describe, expect, it } from 'vitest'
import { describeChatError } from '../../../app/core/chat/chat-error-view'
import { createJsonClient, readErrorResponse } from 'or3-provider-kit'
import { ChatStreamError } from '../../../shared/chat-stream/read-openai-deltas'

const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  readErrorResponse(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }), '/api/chat/stream')

describe('describeChatError', () => {
  it('turns a 429 into "try again in N s" from Retry-After', async () => {
    const error = await reply(429, { error: { code: 'RATE_LIMITED', message: 'Too many' } }, { 'retry-after': '17' })
    expect(describeChatError(error)).toEqual({ kind: 'rate-limited', message: 'Too many requests: try again in 17 s.', retryAfterSeconds: 17 })
  })

  it('recognises a missing key so the bubble can show how to add one', async () => {
    const error = await reply(400, {
      error: { code: 'VALIDATION', message: 'No LLM API key: add your own key', fields: { 'headers.x-or3-user-key': ['missing'] } },
    })
    expect(describeChatError(error)).toMatchObject({ kind: 'needs-key', message: 'No LLM API key: add your own key' })
  })

  it("shows the upstream's message plainly", async () => {
    const error = await reply(503, { error: { code: 'UNAVAILABLE', message: 'The model provider answered 500: test upstream exploded' } })
    expect(describeChatError(error)).toMatchObject({ kind: 'upstream', message: 'The model provider answered 500: test upstream exploded' })
    expect(describeChatError(new ChatStreamError('context length exceeded'))).toMatchObject({ kind: 'upstream', message: 'context length exceeded' })
  })

  it('explains a server that cannot be reached', async () => {
    const unreachable = createJsonClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) })
    const error = await unreachable.send('/api/chat/stream', { body: {} }).catch((e: unknown) => e)
    expect(describeChatError(error)).toMatchObject({ kind: 'offline', message: expect.stringMatching(/Could not reach the OR3 server/) })
  })
})
