import type { IncomingMessage } from 'node:http'
import { getRequestHeader, readRawBody, setResponseHeader, type H3Event } from 'h3'
import { ProviderError } from '../errors.ts'

export interface BodyLimit {
  /** Bytes past which the body is refused (TOO_LARGE, 413) and no more of it is read. */
  maxBytes: number
  /** Says what the cap is for; defaults to naming the number of bytes. */
  tooLargeMessage?: string
}

/** A request body read as it arrives, never more than its cap. */
export interface RequestBodyStream extends AsyncIterable<Uint8Array> {
  /**
   * Stops reading. The rest is never read: the connection closes after the answer instead of
   * being drained, so a client cannot make the server swallow an endless body.
   */
  discard(): void
}

interface ChunkSource {
  /** The next chunk, or null at the end. */
  next(): Promise<Uint8Array | null>
  stop(): void
  /** The whole body was read. */
  readonly ended: boolean
}

/** How far a request's body has been read: one per request, however many readers open it. */
interface BodyReading {
  source: ChunkSource
  discarded: boolean
}

const readings = new WeakMap<H3Event, BodyReading>()

function readingOf(event: H3Event): BodyReading {
  let reading = readings.get(event)
  if (!reading) {
    reading = { source: bodySource(event), discarded: false }
    readings.set(event, reading)
  }
  return reading
}

/**
 * Stops reading `event`'s body for good (a web stream is cancelled, a socket paused, even when
 * nothing was read yet); the connection closes after the answer.
 */
function stopReading(event: H3Event): void {
  const reading = readingOf(event)
  if (reading.discarded) return
  reading.discarded = true
  reading.source.stop()
  closeConnectionAfterAnswer(event)
}

/**
 * Opens the body of `event` as a capped stream. A declared Content-Length over the cap is refused
 * before a byte is read; a chunked body (no Content-Length) is counted as it arrives and refused
 * the moment it passes the cap. Either way reading stops and the connection closes after the
 * answer. Chunks are pulled one at a time (the socket is paused in between), so memory holds at
 * most a chunk or two whatever the client sends.
 */
export function openRequestBody(event: H3Event, limit: BodyLimit): RequestBodyStream {
  const discard = () => stopReading(event)
  const tooLarge = () => {
    discard()
    return new ProviderError('TOO_LARGE', limit.tooLargeMessage ?? `The request body is over ${limit.maxBytes} bytes`)
  }
  const declared = Number(getRequestHeader(event, 'content-length') ?? Number.NaN)
  if (declared > limit.maxBytes) throw tooLarge()

  return {
    discard,
    async *[Symbol.asyncIterator]() {
      const reading = readingOf(event)
      const { source } = reading
      let received = 0
      try {
        for (;;) {
          if (reading.discarded) return
          const chunk = await source.next()
          if (chunk === null || reading.discarded) return
          received += chunk.byteLength
          if (received > limit.maxBytes) throw tooLarge()
          yield chunk
        }
      } finally {
        // A consumer that stops early (an error, a `break`) leaves the rest unread too.
        if (!source.ended) discard()
      }
    },
  }
}

/**
 * For a request refused before its body was read (a bad token, a foreign origin): the body is
 * never read, and the connection closes after the answer rather than draining whatever follows.
 */
export function discardRequestBody(event: H3Event): void {
  stopReading(event)
}

/** The whole body as bytes, at most `maxBytes` of it. */
export async function readRequestBytes(event: H3Event, limit: BodyLimit): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of openRequestBody(event, limit)) {
    chunks.push(chunk)
    total += chunk.byteLength
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * The body parsed as JSON, read through `openRequestBody` (so capped); `undefined` when there is
 * none. Text that is not UTF-8 JSON is VALIDATION (400). `__proto__` keys are dropped, so a
 * parsed body can never carry a prototype into an `Object.assign`.
 */
export async function readJsonBody(event: H3Event, limit: BodyLimit): Promise<unknown> {
  const bytes = await readRequestBytes(event, limit)
  if (bytes.byteLength === 0) return undefined
  try {
    return JSON.parse(decoder.decode(bytes), (key, value: unknown) => (key === '__proto__' ? undefined : value))
  } catch {
    throw new ProviderError('VALIDATION', 'The request body must be valid JSON')
  }
}

/** Reading stopped early, so the connection cannot carry another request: say so and close it. */
function closeConnectionAfterAnswer(event: H3Event): void {
  const res = event.node?.res
  if (res && !res.headersSent) setResponseHeader(event, 'connection', 'close')
}

function bodySource(event: H3Event): ChunkSource {
  const web = (event.web?.request?.body ?? (event as { _requestBody?: unknown })._requestBody) as unknown
  if (web instanceof ReadableStream) return webStreamSource(web as ReadableStream<Uint8Array>)
  const req = event.node?.req
  if (req && typeof req.on === 'function' && !hasBufferedBody(req)) return nodeStreamSource(req)
  // Already in memory (a server-internal fetch, a test request): hand it over as one chunk.
  return bufferedSource(event)
}

/** h3's markers for a body some layer already read into memory. */
function hasBufferedBody(req: IncomingMessage): boolean {
  return ['rawBody', 'body', '__unenv__'].some((key) => key in req) ||
    Symbol.for('h3RawBody') in req
}

/**
 * A Node request, pulled chunk by chunk: each 'data' pauses the socket until the chunk is taken,
 * so the kernel, not this process, holds whatever the client sends ahead.
 */
function nodeStreamSource(req: IncomingMessage): ChunkSource {
  const queue: Uint8Array[] = []
  let failure: unknown = null
  let wake: (() => void) | null = null
  const state = {
    ended: req.readableEnded,
    async next(): Promise<Uint8Array | null> {
      for (;;) {
        const chunk = queue.shift()
        if (chunk) {
          if (queue.length === 0 && !state.ended) req.resume()
          return chunk
        }
        if (failure) throw failure
        if (state.ended) return null
        await new Promise<void>((resolve) => (wake = resolve))
        wake = null
      }
    },
    stop() {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.pause()
    },
  }
  function onData(chunk: Buffer) {
    queue.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    req.pause()
    wake?.()
  }
  function onEnd() {
    state.ended = true
    wake?.()
  }
  function onError(error: unknown) {
    failure = error
    wake?.()
  }
  if (!state.ended) {
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  }
  return state
}

function webStreamSource(stream: ReadableStream<Uint8Array>): ChunkSource {
  const reader = stream.getReader()
  const state = {
    ended: false,
    async next() {
      const { done, value } = await reader.read()
      if (done) {
        state.ended = true
        return null
      }
      return value
    },
    stop() {
      reader.cancel().catch(() => {})
    },
  }
  return state
}

function bufferedSource(event: H3Event): ChunkSource {
  let read = false
  const state = {
    ended: false,
    async next() {
      if (read) {
        state.ended = true
        return null
      }
      read = true
      const raw = await readRawBody(event, false)
      if (!raw) {
        state.ended = true
        return null
      }
      return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)
    },
    stop() {},
  }
  return state
}
