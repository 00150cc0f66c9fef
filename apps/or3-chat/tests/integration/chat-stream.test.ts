import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChatStreamError, readOpenAiDeltas } from '../../shared/chat-stream/read-openai-deltas'
import { resumeJobStream, type JobStreamItem } from '../../app/core/chat/stream/resume-job-stream'
import { expectedEcho, startTestLlmServer, type TestLlmServer } from '../support/test-llm-server'
import { startServer, type RunningServer } from './support/start-server'

const INSTANCE_KEY = 'instance-secret-key-7f3a9c21'
const USER_KEY = 'user-own-key-42'

const CLOUD = {
  OR3_AUTH_PROVIDER: 'test',
  OR3_SYNC_PROVIDER: 'test',
  OR3_STORAGE_PROVIDER: 'test',
  OR3_STRICT: 'true',
}

/** Everything a server answered, to prove the instance key never leaves it. */
const answered: string[] = []

function chatBody(prompt: string, extra: Record<string, unknown> = {}) {
  return { model: 'test/echo', messages: [{ role: 'user', content: prompt }], ...extra }
}

async function postChat(baseUrl: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${baseUrl}/api/chat/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  })
}

async function json(response: Response) {
  const text = await response.text()
  answered.push(text)
  return JSON.parse(text)
}

async function call(baseUrl: string, method: string, path: string, user?: string) {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: user ? { 'x-test-user': user } : {} })
  return { status: response.status, headers: response.headers, body: await json(response) }
}

function jobReader(baseUrl: string, user?: string) {
  const withUser: typeof fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...(user ? { 'x-test-user': user } : {}) } })) as typeof fetch
  return async (jobId: string, offset: number) => {
    const items: JobStreamItem[] = []
    for await (const item of resumeJobStream(jobId, offset, { baseUrl, fetch: withUser })) items.push(item)
    const text = items.flatMap((i) => (i.type === 'delta' ? [i.content] : [])).join('')
    const done = items.find((i) => i.type === 'done')
    answered.push(text)
    return { text, done }
  }
}

async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await Bun.sleep(20)
  }
}

describe('LLM proxy and background jobs (cloud mode, instance key)', () => {
  let llm: TestLlmServer
  let server: RunningServer
  const readJob = (user: string) => jobReader(server.url, user)

  beforeAll(async () => {
    llm = startTestLlmServer()
    server = await startServer({
      env: {
        ...CLOUD,
        OR3_LLM_BASE_URL: llm.baseUrl,
        OR3_LLM_API_KEY: INSTANCE_KEY,
        OR3_BACKGROUND_MAX_JOBS: '2',
      },
    })
  })

  afterAll(async () => {
    await server?.stop()
    await llm?.stop()
  })

  async function startJob(user: string, prompt: string, headers: Record<string, string> = {}) {
    const response = await postChat(
      server.url,
      chatBody(prompt, { background: { threadId: 'thread-1', messageId: `msg-${crypto.randomUUID()}` } }),
      { 'x-test-user': user, ...headers },
    )
    return { status: response.status, headers: response.headers, body: await json(response) }
  }

  it('passes the upstream stream through unchanged, with the instance key upstream', async () => {
    const prompt = 'the quick brown fox jumps'
    const response = await postChat(server.url, chatBody(prompt), { 'x-test-user': 'alice' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const raw = await response.text()
    answered.push(raw)
    expect(raw).toContain('"object":"chat.completion.chunk"')
    expect(raw.trimEnd().endsWith('data: [DONE]')).toBe(true)
    const deltas: string[] = []
    for await (const text of readOpenAiDeltas(new Response(raw).body!)) deltas.push(text)
    expect(deltas).toEqual(['the ', 'quick ', 'brown ', 'fox ', 'jumps'])
    expect(llm.chatRequests().at(-1)?.authorization).toBe(`Bearer ${INSTANCE_KEY}`)
    expect(llm.chatRequests().at(-1)?.body).toMatchObject({ model: 'test/echo', stream: true })
  })

  it("uses the user's own key when they send one", async () => {
    const response = await postChat(server.url, chatBody('hello there'), { 'x-test-user': 'alice', 'x-or3-user-key': USER_KEY })
    expect(response.status).toBe(200)
    answered.push(await response.text())
    expect(llm.chatRequests().at(-1)?.authorization).toBe(`Bearer ${USER_KEY}`)
  })

  it('asks for sign-in in cloud mode', async () => {
    const response = await postChat(server.url, chatBody('hi'))
    expect(response.status).toBe(401)
    expect((await json(response)).error.code).toBe('UNAUTHENTICATED')
  })

  it('maps an upstream 500 to a clear error carrying the upstream message', async () => {
    const response = await postChat(server.url, chatBody('boom [fail500]'), { 'x-test-user': 'alice' })
    expect(response.status).toBe(503)
    const body = await json(response)
    expect(body.error.message).toContain('failed (HTTP 500): test upstream exploded')
    expect(body.error.message).toContain('Try again')
  })

  it('never repeats the instance key, even when the upstream echoes it', async () => {
    const response = await postChat(server.url, chatBody('who am I [fail401]'), { 'x-test-user': 'alice' })
    expect(response.status).toBe(503)
    const body = await json(response)
    expect(body.error.message).toContain("refused this server's API key")
    // Users learn whom to tell; the env variable to check is for the operator's log.
    expect(body.error.message).not.toContain('OR3_')
    expect(server.output()).toContain('OR3_LLM_API_KEY')
    expect(JSON.stringify(body)).not.toContain(INSTANCE_KEY)
  })

  it('aborts the upstream request when the client disconnects', async () => {
    const abort = new AbortController()
    const response = await postChat(server.url, chatBody('wait for it [stall]'), { 'x-test-user': 'alice' }, abort.signal)
    const reader = response.body!.getReader()
    await reader.read()
    const upstream = llm.chatRequests().at(-1)!
    abort.abort()
    await waitUntil('the upstream request is cancelled', () => upstream.cancelled)
    expect(upstream.finished).toBe(false)
  })

  it('ends with an error event when the upstream breaks off mid-answer', async () => {
    const response = await postChat(server.url, chatBody('one two three [drop]'), { 'x-test-user': 'alice' })
    expect(response.status).toBe(200)
    const received: string[] = []
    const error = await (async () => {
      for await (const text of readOpenAiDeltas(response.body!)) received.push(text)
    })().catch((e) => e)
    expect(error).toBeInstanceOf(ChatStreamError)
    expect(error.message).toContain('broke off')
    expect(received.join('')).toBe('one two ')
  })

  it('lists the upstream models and caches the list per key', async () => {
    const before = llm.requests.filter((r) => r.path === '/v1/models').length
    const first = await call(server.url, 'GET', '/api/models', 'alice')
    expect(first.status).toBe(200)
    expect(first.body.models).toEqual([
      { id: 'test/echo', name: 'Echo (test double)', contextLength: 4096 },
      { id: 'test/other', name: null, contextLength: null },
    ])
    expect(typeof first.body.defaultModel).toBe('string')
    await call(server.url, 'GET', '/api/models', 'bob')
    expect(llm.requests.filter((r) => r.path === '/v1/models').length).toBe(before + 1)
  })

  it('runs a background job detached from the request that started it, and streams it from offset 0', async () => {
    const prompt = 'alpha beta gamma delta epsilon zeta eta theta [stall]'
    const started = await startJob('alice', prompt)
    expect(started.status).toBe(200)
    expect(started.body).toEqual({ jobId: expect.any(String), status: 'running' })
    // The starting request is complete and closed; the job still runs (held by the upstream).
    const snapshot = await call(server.url, 'GET', `/api/jobs/${started.body.jobId}`, 'alice')
    expect(snapshot.body).toMatchObject({ status: 'running', threadId: 'thread-1' })

    const reading = readJob('alice')(started.body.jobId, 0)
    llm.release()
    const { text, done } = await reading
    expect(text).toBe(expectedEcho(prompt))
    expect(done).toMatchObject({ type: 'done', status: 'completed', length: text.length })
  })

  it('resumes from a middle offset with exactly the rest, while running and after the end', async () => {
    const prompt = 'one two three four five six seven eight nine ten [stall]'
    const { body } = await startJob('alice', prompt)
    // The first word is out; wait until the job has stored it (coarse writes, so a moment later).
    let shown = 0
    await waitUntil('the first output is stored', async () => {
      shown = (await call(server.url, 'GET', `/api/jobs/${body.jobId}`, 'alice')).body.length
      return shown > 0
    })
    const reading = readJob('alice')(body.jobId, shown)
    llm.release()
    const live = await reading
    const full = expectedEcho(prompt)
    expect(live.text).toBe(full.slice(shown))

    const mid = Math.floor(full.length / 2)
    expect((await readJob('alice')(body.jobId, mid)).text).toBe(full.slice(mid))
    const snapshot = await call(server.url, 'GET', `/api/jobs/${body.jobId}?offset=${mid}`, 'alice')
    expect(snapshot.body).toMatchObject({ status: 'completed', content: full.slice(mid), offset: full.length })
  })

  it('stops a job on abort: the upstream is cancelled and the status stays aborted', async () => {
    const { body } = await startJob('alice', 'never finish this [stall]')
    await waitUntil('the upstream got the job request', () =>
      llm.chatRequests().some((r) => r.body?.messages?.[0]?.content === 'never finish this [stall]'),
    )
    const upstream = llm.chatRequests().at(-1)!
    const aborted = await call(server.url, 'POST', `/api/jobs/${body.jobId}/abort`, 'alice')
    expect(aborted.body).toEqual({ aborted: true, status: 'aborted' })
    await waitUntil('the upstream request is cancelled', () => upstream.cancelled)

    const { done } = await readJob('alice')(body.jobId, 0)
    expect(done).toMatchObject({ status: 'aborted' })
    expect((await call(server.url, 'POST', `/api/jobs/${body.jobId}/abort`, 'alice')).body).toEqual({
      aborted: false,
      status: 'aborted',
    })
  })

  it("answers 404 for someone else's job, on every job route", async () => {
    const { body } = await startJob('alice', 'private words [stall]')
    for (const [method, path] of [
      ['GET', `/api/jobs/${body.jobId}`],
      ['GET', `/api/jobs/${body.jobId}/stream?offset=0`],
      ['POST', `/api/jobs/${body.jobId}/abort`],
    ] as const) {
      const response = await call(server.url, method, path, 'bob')
      expect(response.status, path).toBe(404)
      expect(response.body.error.code).toBe('NOT_FOUND')
    }
    expect((await call(server.url, 'GET', `/api/jobs/${body.jobId}`, 'alice')).body.status).toBe('running')
    await call(server.url, 'POST', `/api/jobs/${body.jobId}/abort`, 'alice')
  })

  it('refuses a job over the per-user concurrency cap with 429 and Retry-After', async () => {
    const first = await startJob('carol', 'first [stall]')
    const second = await startJob('carol', 'second [stall]')
    expect([first.status, second.status]).toEqual([200, 200])
    const third = await startJob('carol', 'third [stall]')
    expect(third.status).toBe(429)
    expect(third.body.error.code).toBe('RATE_LIMITED')
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another user is not affected by carol's jobs.
    const dave = await startJob('dave', 'mine [stall]')
    expect(dave.status).toBe(200)
    for (const jobId of [first.body.jobId, second.body.jobId, dave.body.jobId]) {
      await call(server.url, 'POST', `/api/jobs/${jobId}/abort`, jobId === dave.body.jobId ? 'dave' : 'carol')
    }
  })

  it('never put the instance key in a response or in the server output', () => {
    expect(answered.length).toBeGreaterThan(10)
    for (const text of answered) expect(text).not.toContain(INSTANCE_KEY)
    expect(server.output()).not.toContain(INSTANCE_KEY)
    expect(server.output()).not.toContain(USER_KEY)
  })
})

describe('LLM proxy in local-only mode (no accounts, no instance key)', () => {
  let llm: TestLlmServer
  let server: RunningServer

  beforeAll(async () => {
    llm = startTestLlmServer()
    server = await startServer({
      env: {
        OR3_CLOUD: 'false',
        OR3_LLM_BASE_URL: llm.baseUrl,
        OR3_LIMITS_PER_MINUTE: '3',
        OR3_LIMITS_PER_DAY: '2',
      },
    })
  })

  afterAll(async () => {
    await server?.stop()
    await llm?.stop()
  })

  it('without any key, points the user to the key setting and logs the local-server hint for the operator', async () => {
    const response = await postChat(server.url, chatBody('hello'))
    expect(response.status).toBe(400)
    const { error } = await json(response)
    expect(error.code).toBe('VALIDATION')
    expect(Object.keys(error.fields)).toEqual(['headers.x-or3-user-key'])
    expect(error.message).toContain('Settings')
    expect(error.message).not.toContain('OR3_')
    for (const hint of ['OR3_LLM_API_KEY', 'OR3_LLM_BASE_URL', 'Ollama']) expect(server.output()).toContain(hint)
    expect(llm.chatRequests()).toHaveLength(0)
  })

  it('streams with the user key and runs background jobs without sign-in', async () => {
    const foreground = await postChat(server.url, chatBody('local hello'), { 'x-or3-user-key': USER_KEY })
    expect(foreground.status).toBe(200)
    const deltas: string[] = []
    for await (const text of readOpenAiDeltas(foreground.body!)) deltas.push(text)
    expect(deltas.join('')).toBe('local hello')
    expect(llm.chatRequests().at(-1)?.authorization).toBe(`Bearer ${USER_KEY}`)

    const started = await postChat(
      server.url,
      chatBody('local background job', { background: { threadId: 't', messageId: 'm' } }),
      { 'x-or3-user-key': USER_KEY },
    )
    const { jobId } = await json(started)
    const { text, done } = await jobReader(server.url)(jobId, 0)
    expect(text).toBe('local background job')
    expect(done).toMatchObject({ status: 'completed' })
  })

  it('enforces the daily cap, then the per-minute limit, with 429 and Retry-After', async () => {
    // Two chats (the daily cap) were spent above; this is the minute's third request.
    const daily = await postChat(server.url, chatBody('over the cap'), { 'x-or3-user-key': USER_KEY })
    expect(daily.status).toBe(429)
    expect((await json(daily)).error.message).toContain('today')
    expect(Number(daily.headers.get('retry-after'))).toBeGreaterThan(3600)

    const minute = await postChat(server.url, chatBody('too fast'), { 'x-or3-user-key': USER_KEY })
    expect(minute.status).toBe(429)
    expect((await json(minute)).error.message).toContain('this minute')
    const retryAfter = Number(minute.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
  })
})
