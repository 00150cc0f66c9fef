import {
  JOB_STREAM_EVENTS,
  jobStreamDeltaSchema,
  jobStreamDoneSchema,
  createJsonClient,
  isProviderError,
  type FetchLike,
  type JobStreamDelta,
  type JobStreamDone,
  type ProviderError,
} from 'or3-provider-kit'
import { parseStream } from '#shared/chat-stream/parse-stream'
import { createSseEventParser } from '#shared/chat-stream/sse-event-parser'

export type JobStreamItem = ({ type: 'delta' } & JobStreamDelta) | ({ type: 'done' } & JobStreamDone)

export interface ResumeJobOptions {
  /** Origin of the OR3 server; empty for same-origin requests from the app. */
  baseUrl?: string
  signal?: AbortSignal
  fetch?: FetchLike
  /** Reconnects in a row without new output before giving up (default 6). */
  maxRetries?: number
  /** Wait before reconnect `attempt` (1-based), unless the server sent Retry-After. */
  retryDelayMs?: (attempt: number) => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** The job stream could not be read to its end (dropped too often, or the job is unknown). */
export class JobStreamError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'JobStreamError'
  }
}

const defaultDelay = (attempt: number) => Math.min(8_000, 500 * 2 ** (attempt - 1))

/**
 * Yields the rest of a background job's output, starting after the `shownLength` characters the
 * caller already has, then one `done` item with the final status. When the connection drops it
 * reconnects from the last offset it received, so nothing is shown twice or skipped; works after
 * a reload and from any device of the job's owner.
 */
export async function* resumeJobStream(
  jobId: string,
  shownLength: number,
  options: ResumeJobOptions = {},
): AsyncGenerator<JobStreamItem, void, undefined> {
  const http = createJsonClient({ baseUrl: options.baseUrl, fetch: options.fetch })
  const sleep = options.sleep ?? sleepFor
  const maxRetries = options.maxRetries ?? 6
  let offset = shownLength
  let failures = 0
  let lastError: unknown = null

  for (;;) {
    let retryAfterMs: number | null = null
    try {
      const path = `/api/jobs/${encodeURIComponent(jobId)}/stream?offset=${offset}`
      const response = await http.send(path, { headers: { accept: 'text/event-stream' }, signal: options.signal })
      if (!response.body) throw new JobStreamError('The job stream has no body')
      for await (const item of readJobEvents(response.body)) {
        if (item.type === 'delta') {
          if (item.content === '') continue
          offset = item.offset
          failures = 0
        }
        yield item
        if (item.type === 'done') return
      }
      // The body ended without `done`: the connection dropped; reconnect from `offset`.
    } catch (error) {
      if (options.signal?.aborted) throw error
      if (isProviderError(error)) {
        if (!isRetryable(error)) throw error
        retryAfterMs = error.retryAfterSeconds === undefined ? null : error.retryAfterSeconds * 1000
      }
      lastError = error
    }
    // Output received on this connection reset the count, so only drops without progress add up.
    if (++failures > maxRetries) {
      throw new JobStreamError(`Lost the job stream ${failures} times in a row; try again later`, { cause: lastError })
    }
    await sleep(retryAfterMs ?? (options.retryDelayMs ?? defaultDelay)(failures), options.signal)
  }
}

/** Unreachable (UNAVAILABLE), throttled or failing servers may answer next time; a refusal will not. */
function isRetryable(error: ProviderError): boolean {
  return error.status === 429 || error.status >= 500
}

async function* readJobEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<JobStreamItem, void, undefined> {
  for await (const { event, data } of parseStream(body, createSseEventParser())) {
    if (event === JOB_STREAM_EVENTS.delta) yield { type: 'delta', ...jobStreamDeltaSchema.parse(JSON.parse(data)) }
    else if (event === JOB_STREAM_EVENTS.done) yield { type: 'done', ...jobStreamDoneSchema.parse(JSON.parse(data)) }
  }
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })
}
