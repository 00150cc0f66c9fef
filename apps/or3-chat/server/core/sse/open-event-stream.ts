import type { H3Event } from 'h3'

export interface ServerEventStream {
  /** Sends one event; a no-op once the stream has closed. */
  send(event: string, data: unknown): void
  /** Ends the stream from the server side. */
  close(): void
  /** Runs once, when the client disconnects or the server closes the stream. */
  onClose(cleanup: () => void): void
  /** Hand this back from the handler; settles when the stream has closed. */
  response: Promise<void>
}

/**
 * Bytes written but not yet taken by the client past which it counts as no longer reading. Far
 * above what a live client lags by (events are small; a job catch-up is one answer), far below
 * what thousands of stalled clients could make the server hold.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024

/**
 * A server-sent-events stream written straight to the Node response (the host runs Nitro's
 * node-server preset). It closes, and runs its cleanups once, when:
 * - the connection closes (the response's 'close': a dropped client is noticed at once; a web
 *   stream's `cancel` never fires for it under Bun),
 * - the client stops reading (more than MAX_UNSENT_BYTES waiting),
 * - a re-check of its access, run with each heartbeat, says it has ended (`end` event first),
 * - or the server closes it.
 * The endpoint must be declared with `eventStream: true`, which admitted it under the per-user cap.
 */
export function openEventStream(event: H3Event): ServerEventStream {
  const admission = event.context.or3EventStream
  if (!admission) throw new Error('openEventStream: declare the endpoint with `eventStream: true` in defineCoreHandler')
  const res = event.node.res
  const cleanups: Array<() => void> = []
  let closed = false
  let settle: () => void = () => {}
  const response = new Promise<void>((resolve) => (settle = resolve))

  const finish = () => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    res.off('close', finish)
    res.off('error', finish)
    admission.slot.release()
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup()
      } catch (error) {
        console.error(`[or3] event stream cleanup failed: ${error instanceof Error ? error.message : error}`)
      }
    }
    if (!res.destroyed && !res.writableEnded) res.end()
    settle()
  }

  const write = (text: string) => {
    if (closed) return
    if (res.destroyed) return finish()
    res.write(text)
    if (res.writableLength > MAX_UNSENT_BYTES) {
      // A client that stopped reading: drop it rather than buffer for it.
      res.destroy()
      finish()
    }
  }

  const end = (reason: string) => {
    write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`)
    finish()
  }

  let checking = false
  // The heartbeat keeps proxies from dropping an idle stream (a comment line clients ignore) and
  // paces the access re-check.
  const heartbeat = setInterval(() => {
    write(': ping\n\n')
    if (closed || checking) return
    checking = true
    admission
      .recheck()
      .then((reason) => {
        if (reason) end(reason)
      })
      .catch((error: unknown) => {
        // A store that is briefly unavailable is no reason to cut a stream; the next beat retries.
        console.warn(`[or3] event stream re-check failed: ${error instanceof Error ? error.message : String(error)}`)
      })
      .finally(() => (checking = false))
  }, admission.recheckMs)

  res.on('close', finish)
  res.on('error', finish)
  if (res.destroyed || res.closed) {
    // The client left while the request was being authorized: 'close' has already fired.
    finish()
  } else {
    res.statusCode = 200
    res.setHeader('content-type', 'text/event-stream')
    res.setHeader('cache-control', 'no-cache, no-transform')
    res.setHeader('connection', 'keep-alive')
    res.setHeader('x-accel-buffering', 'no')
    res.flushHeaders()
  }

  return {
    send(name, data) {
      write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
    },
    close: finish,
    onClose(cleanup) {
      if (closed) cleanup()
      else cleanups.push(cleanup)
    },
    response,
  }
}
