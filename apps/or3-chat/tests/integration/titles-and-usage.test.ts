import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readOpenAiDeltas } from '../../shared/chat-stream/read-openai-deltas'
import type { TokenUsage } from '../../shared/chat-stream/token-usage'
import { cleanTitle } from '../../server/core/llm/generate-title'
import { expectedEcho, expectedUsage, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { startServer, type RunningServer } from './support/start-server'

const INSTANCE_KEY = 'instance-title-key-5b81e0'
const CLOUD = { OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test', OR3_STORAGE_PROVIDER: 'test', OR3_STRICT: 'true' }

async function post(server: RunningServer, path: string, body: unknown, user: string | null = 'user-ada') {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { 'x-test-user': user } : {}) },
    body: JSON.stringify(body),
  })
}

const firstExchange = { model: 'test/echo', question: 'How do I keep basil alive indoors?', answer: 'Sun, and water when the soil is dry.' }

describe('generated titles and token usage through the built server', () => {
  let llm: TestLlmServer
  let answering: RunningServer
  let configured: RunningServer
  let off: RunningServer

  beforeAll(async () => {
    llm = startTestLlmServer()
    const env = { ...CLOUD, OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: INSTANCE_KEY }
    // One after the other: the servers share the fixture's local database file.
    answering = await startServer({ env })
    configured = await startServer({ env: { ...env, OR3_TITLE_MODEL: 'test/other' } })
    off = await startServer({ env: { ...env, OR3_TITLE_MODEL: 'off' } })
  })

  afterAll(async () => {
    await Promise.all([answering?.stop(), configured?.stop(), off?.stop()])
    await llm?.stop()
  })

  it('asks the answering model for a short title with the instance key, and answers the cleaned title', async () => {
    const before = llm.titleRequests().length
    const response = await post(answering, '/api/chat/title', firstExchange)
    expect(response.status).toBe(200)
    const { title } = await response.json()
    const [request] = llm.titleRequests().slice(before)
    expect(request!.authorization).toBe(`Bearer ${INSTANCE_KEY}`)
    expect(request!.body).toMatchObject({ model: 'test/echo', stream: true, max_tokens: 32 })
    expect(request!.body.messages[0].role).toBe('system')
    const prompt = request!.body.messages[1].content as string
    expect(prompt).toContain(firstExchange.question)
    expect(prompt).toContain(firstExchange.answer)
    // The double echoes the prompt; the server keeps a cleaned, bounded first line of it.
    expect(title).toBe(cleanTitle(expectedEcho(prompt)))
    expect(title.length).toBeLessThanOrEqual(81)
  })

  it('uses OR3_TITLE_MODEL when it names a model, and asks nothing when it is off', async () => {
    const before = llm.requests.length
    await post(configured, '/api/chat/title', firstExchange)
    expect(llm.titleRequests().slice(-1).map((r) => r.body.model)).toEqual(['test/other'])
    expect(llm.requests.length).toBe(before + 1)

    const response = await post(off, '/api/chat/title', firstExchange)
    expect(await response.json()).toEqual({ title: null })
    expect(llm.requests.length, 'titles off: the upstream is not asked').toBe(before + 1)
  })

  it('answers no title, not an error, when the upstream fails, and tells the operator without the key', async () => {
    for (const exchange of [{ ...firstExchange, model: 'test/missing' }, { ...firstExchange, question: 'break it [fail401]' }]) {
      const response = await post(answering, '/api/chat/title', exchange)
      expect([response.status, await response.json()]).toEqual([200, { title: null }])
    }
    const log = answering.output()
    expect(log).toContain("[or3] a thread title could not be generated with 'test/missing'")
    expect(log).toContain("[or3] a thread title could not be generated with 'test/echo'")
    expect(log).not.toContain(INSTANCE_KEY)
  })

  it('refuses a caller who is not signed in, and a request that is not a title request (too long, unknown fields)', async () => {
    const before = llm.requests.length
    const anonymous = await post(answering, '/api/chat/title', firstExchange, null)
    const long = await post(answering, '/api/chat/title', { ...firstExchange, question: 'x'.repeat(2_001) })
    const extra = await post(answering, '/api/chat/title', { ...firstExchange, messages: [] })
    expect([anonymous.status, long.status, extra.status]).toEqual([401, 400, 400])
    expect(llm.requests.length).toBe(before)
  })

  it('asks the upstream for usage in the stream and passes the figures to the client', async () => {
    const before = llm.chatRequests().length
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'count these five words' },
    ]
    const response = await post(answering, '/api/chat/stream', { model: 'test/echo', messages })
    expect(response.status).toBe(200)
    const reported: TokenUsage[] = []
    let text = ''
    for await (const piece of readOpenAiDeltas(response.body!, { onUsage: (usage) => reported.push(usage) })) text += piece
    const [request] = llm.chatRequests().slice(before)
    expect(request!.body.stream_options).toEqual({ include_usage: true })
    expect(text).toBe('count these five words')
    expect(reported).toEqual([expectedUsage(request!.body)])
    expect(reported[0]).toEqual({ input: 6, output: 4 })
  })
})
