import { TITLE_INSTRUCTION } from '../../server/core/llm/title-instruction'

/**
 * TEST DOUBLE — a fake OpenAI-compatible LLM server for tests and benchmarks. It is not a model
 * and never ships: it answers on 127.0.0.1 (port 0) with deterministic output.
 *
 * `POST /v1/chat/completions` (stream: true) echoes the last user message word by word as
 * `chat.completion.chunk` events, then `data: [DONE]`. Magic words in that message (removed from
 * the echo) choose a behaviour:
 *   [stall]    send the first word, then hold the stream open until `release()` (also for a
 *              message that contains a text given to `holdRepliesTo`, so the UI need not show a
 *              magic word)
 *   [noheaders] send nothing at all (no status, no headers) until `release()` or the client leaves
 *   [garbage]  answer 200 with an HTML page instead of an event stream
 *   [drop]     send two words, then cut the connection mid-stream
 *   [fail500]  answer HTTP 500 with an OpenAI-style error body
 *   [fail401]  answer HTTP 401, echoing the key it got (as some providers do), to test redaction
 * When the request asks for `stream_options.include_usage`, a last chunk without choices reports
 * `usage` as OpenAI does: one prompt token per word of every message, one completion token per
 * word streamed (see expectedUsage).
 * `GET /v1/models` lists two models (or the `models` it was started with), and a chat for any other
 * model answers 404 (as Ollama and vLLM do). Every request is recorded with its Authorization header, whether it is an answer or
 * a thread title (OR3's title request, known by its system message),
 * whether the client went away before the end (`cancelled`) and whether it ran to the end.
 */
export interface RecordedLlmRequest {
  /** `title`: OR3 asking for a thread title; `answer`: any other chat request (or a model listing). */
  kind: 'answer' | 'title'
  method: string
  path: string
  authorization: string | null
  body: any
  /** The client disconnected (or aborted) before the response ended. */
  cancelled: boolean
  /** The response was sent to its end. */
  finished: boolean
}

export interface TestLlmServer {
  /** The OpenAI-style base URL, `http://127.0.0.1:<port>/v1`: give it to OR3_LLM_BASE_URL. */
  baseUrl: string
  requests: RecordedLlmRequest[]
  /** Delay before each streamed chunk, in ms; may be changed between requests. */
  chunkDelayMs: number
  /** Lets every stream currently held by [stall] go on. */
  release(): void
  /** Replies to a message containing `text` stall after their first word, as with [stall]. */
  holdRepliesTo(text: string): void
  /** Chat requests that ask for an answer (not model listings, not thread titles). */
  chatRequests(): RecordedLlmRequest[]
  /** OR3's thread-title requests. */
  titleRequests(): RecordedLlmRequest[]
  stop(): Promise<void>
}

/** The models the double serves. */
export const TEST_MODELS = ['test/echo', 'test/other']

const MAGIC = /\[(stall|noheaders|garbage|drop|fail500|fail401)\]/g
const encoder = new TextEncoder()

/** The reply the double streams for `prompt`: its words (without magic words), space-joined. */
export function expectedEcho(prompt: string): string {
  return words(prompt).join(' ')
}

function words(prompt: string): string[] {
  return prompt.replace(MAGIC, ' ').split(/\s+/).filter(Boolean)
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map((part: any) => part?.text ?? '').join(' ')
  return ''
}

/** The usage the double reports for a chat request body: words of all messages in, words of the echo out. */
export function expectedUsage(body: any): { input: number; output: number } {
  const messages: Array<{ content: unknown }> = Array.isArray(body?.messages) ? body.messages : []
  const input = messages.reduce((sum, m) => sum + messageText(m.content).split(/\s+/).filter(Boolean).length, 0)
  return { input, output: words(lastUserText(body)).length }
}

function lastUserText(body: any): string {
  const messages: Array<{ role: string; content: unknown }> = Array.isArray(body?.messages) ? body.messages : []
  const last = [...messages].reverse().find((m) => m.role === 'user')
  return last ? messageText(last.content) : ''
}

function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null = null): string {
  const payload = {
    id: 'chatcmpl-test-double',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  }
  return `data: ${JSON.stringify(payload)}\n\n`
}

function usageChunk(model: string, usage: { input: number; output: number }): string {
  const payload = {
    id: 'chatcmpl-test-double',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
    choices: [],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  }
  return `data: ${JSON.stringify(payload)}\n\n`
}

export function startTestLlmServer(options: { chunkDelayMs?: number; models?: string[] } = {}): TestLlmServer {
  const served = options.models ?? TEST_MODELS
  const requests: RecordedLlmRequest[] = []
  let releaseStalled: () => void = () => {}
  let stalled = new Promise<void>((resolve) => (releaseStalled = resolve))
  const heldTexts: string[] = []

  const double: TestLlmServer = {
    baseUrl: '',
    requests,
    chunkDelayMs: options.chunkDelayMs ?? 0,
    release() {
      releaseStalled()
      stalled = new Promise<void>((resolve) => (releaseStalled = resolve))
    },
    holdRepliesTo: (text) => void heldTexts.push(text),
    chatRequests: () => requests.filter((r) => r.path.endsWith('/chat/completions') && r.kind === 'answer'),
    titleRequests: () => requests.filter((r) => r.path.endsWith('/chat/completions') && r.kind === 'title'),
    async stop() {
      double.release()
      await server.stop(true)
    },
  }

  function streamReply(record: RecordedLlmRequest, request: Request): Response {
    const prompt = lastUserText(record.body)
    const replyWords = words(prompt)
    const model = typeof record.body?.model === 'string' ? record.body.model : 'test/echo'
    const stall = prompt.includes('[stall]') || heldTexts.some((text) => prompt.includes(text))
    const drop = prompt.includes('[drop]')
    const holding = stalled
    let gone!: () => void
    const clientGone = new Promise<void>((resolve) => (gone = resolve))
    request.signal.addEventListener('abort', () => {
      if (!record.finished) record.cancelled = true
      gone()
    })

    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => controller.enqueue(encoder.encode(text))
        void (async () => {
          let held = !stall
          const holdOnce = async () => {
            if (held) return
            held = true
            await Promise.race([holding, clientGone])
          }
          try {
            send(chunk(model, { role: 'assistant', content: '' }))
            for (let i = 0; i < replyWords.length; i++) {
              if (double.chunkDelayMs > 0) await Promise.race([Bun.sleep(double.chunkDelayMs), clientGone])
              if (record.cancelled) return
              send(chunk(model, { content: i < replyWords.length - 1 ? `${replyWords[i]} ` : replyWords[i] }))
              if (drop && i === 1) {
                // Let the words sent so far reach the client first: the cut is mid-answer.
                await Bun.sleep(20)
                controller.error(new Error('test double: connection dropped on purpose'))
                return
              }
              await holdOnce()
            }
            await holdOnce()
            if (record.cancelled) return
            send(chunk(model, {}, 'stop'))
            if (record.body?.stream_options?.include_usage === true) send(usageChunk(model, expectedUsage(record.body)))
            send('data: [DONE]\n\n')
            record.finished = true
            controller.close()
          } catch {
            // the client went away while we wrote
          }
        })()
      },
      cancel() {
        if (!record.finished) record.cancelled = true
        gone()
      },
    })
    return new Response(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } })
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 0,
    // [drop] errors its stream on purpose; production mode keeps Bun from printing that error.
    development: false,
    async fetch(request) {
      const url = new URL(request.url)
      const record: RecordedLlmRequest = {
        kind: 'answer',
        method: request.method,
        path: url.pathname,
        authorization: request.headers.get('authorization'),
        body: null,
        cancelled: false,
        finished: false,
      }
      requests.push(record)

      if (request.method === 'GET' && url.pathname === '/v1/models') {
        record.finished = true
        return Response.json({
          object: 'list',
          data: served.map((id) => (id === 'test/echo' ? { id, object: 'model', name: 'Echo (test double)', context_length: 4096 } : { id, object: 'model' })),
        })
      }
      if (request.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
        record.finished = true
        return Response.json({ error: { message: `test double: no route ${request.method} ${url.pathname}` } }, { status: 404 })
      }

      record.body = await request.json()
      if (record.body?.messages?.[0]?.role === 'system' && record.body.messages[0].content === TITLE_INSTRUCTION) record.kind = 'title'
      if (!served.includes(record.body?.model)) {
        record.finished = true
        return Response.json({ error: { message: `model '${record.body?.model}' not found` } }, { status: 404 })
      }
      const prompt = lastUserText(record.body)
      if (prompt.includes('[noheaders]')) {
        // Bun sends the status line only when fetch resolves: until then the client waits for headers.
        const gone = new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve()))
        const outcome = await Promise.race([stalled.then(() => 'released' as const), gone.then(() => 'gone' as const)])
        if (outcome === 'gone') {
          record.cancelled = true
          return new Response(null, { status: 499 })
        }
      }
      if (prompt.includes('[garbage]')) {
        record.finished = true
        return new Response('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>\n', {
          headers: { 'content-type': 'text/html' },
        })
      }
      if (prompt.includes('[fail500]')) {
        record.finished = true
        return Response.json({ error: { message: 'test upstream exploded', type: 'server_error' } }, { status: 500 })
      }
      if (prompt.includes('[fail401]')) {
        record.finished = true
        const key = record.authorization?.replace(/^Bearer\s+/i, '') ?? ''
        return Response.json({ error: { message: `Incorrect API key provided: ${key}` } }, { status: 401 })
      }
      return streamReply(record, request)
    },
  })
  double.baseUrl = `http://127.0.0.1:${server.port}/v1`
  return double
}
