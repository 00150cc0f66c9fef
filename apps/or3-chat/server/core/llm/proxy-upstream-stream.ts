import { sendStream, setResponseHeaders, type H3Event } from 'h3'
import { redactSecrets } from './redact-secrets'
import { readInstanceLlmKey } from './instance-llm-key'
import type { UpstreamStream } from './upstream-client'

const encoder = new TextEncoder()

/**
 * Pipes the upstream's SSE body to the client byte for byte, one chunk at a time (nothing is
 * buffered). When the client goes away the upstream request is aborted, so an abandoned answer
 * stops costing tokens. If the upstream breaks off mid-answer, the client gets one last
 * OpenAI-style `data: {"error": ...}` event instead of a silent cut.
 */
export function proxyUpstreamStream(event: H3Event, upstream: UpstreamStream, abort: AbortController): Promise<void> {
  const reader = upstream.body.getReader()
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      } catch (error) {
        if (abort.signal.aborted) return closeQuietly(controller)
        const reason = redactSecrets(error instanceof Error ? error.message : String(error), [readInstanceLlmKey()])
        const payload = { error: { code: 'UNAVAILABLE', message: `The model stream broke off: ${reason}` } }
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(payload)}\n\n`))
        closeQuietly(controller)
      }
    },
    cancel() {
      abort.abort()
    },
  })
  // A client that disconnects while the upstream is silent never makes a write fail, so the
  // socket's close is watched as well. After a normal end, aborting a finished fetch is a no-op.
  event.node.res.once('close', () => abort.abort())
  setResponseHeaders(event, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  return sendStream(event, stream)
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close()
  } catch {
    // already closed or cancelled by the client
  }
}
