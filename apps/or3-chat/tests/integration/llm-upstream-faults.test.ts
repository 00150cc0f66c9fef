import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resumeJobStream, type JobStreamItem } from '../../app/core/chat/stream/resume-job-stream'
import { ChatStreamError, readOpenAiDeltas } from '../../shared/chat-stream/read-openai-deltas'
import { startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { clientFor } from './support/http'
import { startServer, type RunningServer } from './support/start-server'

const CLOUD = { OR3_AUTH_PROVIDER: 'test', OR3_SYNC_PROVIDER: 'test', OR3_STORAGE_PROVIDER: 'test', OR3_STRICT: 'true' }

function chat(baseUrl: string, prompt: string, extra: Record<string, unknown> = {}, signal?: AbortSignal) {
  return fetch(`${baseUrl}/api/chat/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': 'alice' },
    body: JSON.stringify({ model: 'test/echo', messages: [{ role: 'user', content: prompt }], ...extra }),
    signal,
  })
}

/** The deltas of a foreground answer, and the error it ended with (if any). */
async function readAnswer(response: Response) {
  const received: string[] = []
  const error = await (async () => {
    for await (const text of readOpenAiDeltas(response.body!)) received.push(text)
  })().then(
    () => null,
    (e: unknown) => e,
  )
  return { text: received.join(''), error }
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await Bun.sleep(20)
  }
}

const requestFor = (llm: TestLlmServer, prompt: string) =>
  llm.chatRequests().find((r) => r.body?.messages?.at(-1)?.content === prompt)

describe('LLM upstream faults, through the built host', () => {
  let llm: TestLlmServer
  let server: RunningServer

  beforeAll(async () => {
    llm = startTestLlmServer()
    server = await startServer({
      env: {
        ...CLOUD,
        OR3_LLM_BASE_URL: llm.baseUrl,
        OR3_LLM_API_KEY: 'instance-key-for-faults',
        OR3_LLM_HEADERS_TIMEOUT_SECONDS: '1',
        OR3_LLM_IDLE_TIMEOUT_SECONDS: '1',
      },
    })
    // The first account is the deployment admin (for the status page below).
    await clientFor(server.url, 'alice').get('/api/auth/session')
  })

  afterAll(async () => {
    await server?.stop()
    await llm?.stop()
  })

  it('answers 503 when the upstream sends no headers in time, and cancels the upstream request', async () => {
    const prompt = 'anyone home [noheaders]'
    const response = await chat(server.url, prompt)
    expect(response.status).toBe(503)
    const { error } = await response.json()
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toContain('did not start answering')
    expect(error.message).not.toContain('OR3_')
    await waitUntil('the upstream saw the abort', () => requestFor(llm, prompt)?.cancelled === true)
  })

  it('cuts an answer that stalls mid-stream with an error event, and cancels the upstream request', async () => {
    const prompt = 'first words then silence [stall]'
    const response = await chat(server.url, prompt)
    expect(response.status).toBe(200)
    const { text, error } = await readAnswer(response)
    expect(text).toBe('first ')
    expect(error).toBeInstanceOf(ChatStreamError)
    expect((error as Error).message).toContain('stopped answering')
    await waitUntil('the upstream saw the abort', () => requestFor(llm, prompt)?.cancelled === true)
    expect(requestFor(llm, prompt)?.finished).toBe(false)
  })

  it('turns a 200 that is not an event stream into an error, never an empty answer', async () => {
    const response = await chat(server.url, 'html please [garbage]')
    expect(response.status).toBe(200)
    const { text, error } = await readAnswer(response)
    expect(text).toBe('')
    expect((error as Error).message).toContain('not a chat answer')
  })

  it('fails a background job whose upstream answered garbage, instead of completing it empty', async () => {
    const started = await chat(server.url, 'job with html [garbage]', { background: { threadId: 't', messageId: 'm-garbage' } })
    const { jobId } = await started.json()
    const items: JobStreamItem[] = []
    const withUser: typeof fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-test-user': 'alice' } })) as typeof fetch
    for await (const item of resumeJobStream(jobId, 0, { baseUrl: server.url, fetch: withUser })) items.push(item)
    expect(items.at(-1)).toMatchObject({ type: 'done', status: 'failed', error: expect.stringContaining('not a chat answer'), length: 0 })
  })

  it('shows the operator what went wrong on the admin status page, and never the key', async () => {
    const status = await clientFor(server.url, 'alice').get('/api/admin/status')
    expect(status.status).toBe(200)
    const faults: Array<{ kind: string; detail: string }> = status.body.llm.recentFaults
    expect(faults.map((f) => f.kind)).toEqual(expect.arrayContaining(['timeout', 'stalled', 'invalid-stream']))
    expect(faults.find((f) => f.kind === 'timeout')?.detail).toContain('OR3_LLM_HEADERS_TIMEOUT_SECONDS')
    expect(JSON.stringify(status.body)).not.toContain('instance-key-for-faults')
    expect(server.output()).toContain('[or3] LLM upstream (timeout)')
  })
})

describe('a client that gives up before the upstream answers', () => {
  let llm: TestLlmServer
  let server: RunningServer

  beforeAll(async () => {
    llm = startTestLlmServer()
    // Default timeouts (minutes): only the client's leaving can end this request.
    server = await startServer({ env: { ...CLOUD, OR3_LLM_BASE_URL: llm.baseUrl, OR3_LLM_API_KEY: 'k-123456' } })
  })

  afterAll(async () => {
    await server?.stop()
    await llm?.stop()
  })

  it('cancels the upstream request it was waiting for', async () => {
    const prompt = 'slow to start [noheaders]'
    const abort = new AbortController()
    const pending = chat(server.url, prompt, {}, abort.signal).catch((e: unknown) => e)
    await waitUntil('the upstream holds the request', () => requestFor(llm, prompt) !== undefined)
    abort.abort()
    expect(await pending).toMatchObject({ name: 'AbortError' })
    await waitUntil('the upstream saw the abort', () => requestFor(llm, prompt)?.cancelled === true)
  })
})
