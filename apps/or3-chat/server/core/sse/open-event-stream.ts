import { sendStream, setResponseHeaders, type H3Event } from 'h3'

export interface ServerEventStream {
  /** Sends one event; a no-op once the client has gone. */
  send(event: string, data: unknown): void
  /** Ends the stream from the server side. */
  close(): void
  /** Runs once, when the client disconnects or the server closes the stream. */
  onClose(cleanup: () => void): void
  /** Hand this back from the handler. */
  response: Promise<void>
}

const encoder = new TextEncoder()

/**
 * A server-sent-events stream built on a web ReadableStream, whose `cancel` fires reliably when
 * the client disconnects under Bun, so listeners and timers are always released and nothing is
 * written to a closed socket (which would crash the process).
 */
export function openEventStream(event: H3Event, { heartbeatMs = 25_000 } = {}): ServerEventStream {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  let closed = false
  const cleanups: Array<() => void> = []

  const finish = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup()
      } catch (error) {
        console.error(`[or3] event stream cleanup failed: ${error instanceof Error ? error.message : error}`)
      }
    }
  }

  const write = (text: string) => {
    if (closed || !controller) return
    try {
      controller.enqueue(encoder.encode(text))
    } catch {
      finish()
    }
  }

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
    },
    cancel: finish,
  })
  // Proxies drop idle streams; a comment line keeps this one open and is ignored by clients.
  const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs)

  setResponseHeaders(event, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })

  return {
    send(name, data) {
      write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
    },
    close() {
      if (closed) return
      try {
        controller?.close()
      } catch {
        // already closed by the client
      }
      finish()
    },
    onClose(cleanup) {
      if (closed) cleanup()
      else cleanups.push(cleanup)
    },
    response: sendStream(event, stream),
  }
}
