import { sendStream, setResponseHeaders, type H3Event } from 'h3'
import { createOpenAiStreamParser } from '#shared/chat-stream/openai-stream-parser'
import { NOT_A_CHAT_STREAM_MESSAGE } from '#shared/chat-stream/read-openai-deltas'
import { UpstreamStalledError } from './cut-when-idle'
import { allInstanceLlmKeys } from './instance-llm-key'
import { redactSecrets } from './redact-secrets'
import type { UpstreamStream } from './upstream-client'
import { recordUpstreamFault } from './upstream-faults'

const encoder = new TextEncoder()

/**
 * Pipes the upstream's SSE body to the client byte for byte, one chunk at a time (nothing is
 * buffered), and reads along to know whether it is a chat-completions stream at all. Aborting
 * `abort` (the client left: see abortWhenClientLeaves) cancels the upstream request. The stream
 * never just stops without a reason: when the upstream breaks off, stalls past the idle timeout
 * or ends without a single chat event, the client gets one last OpenAI-style
 * `data: {"error": ...}` event with a sentence for the user; the detail goes to the operator.
 */
export function proxyUpstreamStream(event: H3Event, upstream: UpstreamStream, abort: AbortController, host: string): Promise<void> {
  const reader = upstream.body.getReader()
  const observer = createOpenAiStreamParser()
  const decoder = new TextDecoder()
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (!done) {
          observer.push(decoder.decode(value, { stream: true }))
          controller.enqueue(value)
          return
        }
        observer.push(decoder.decode())
        observer.end()
        if (observer.recognized === 0) {
          recordUpstreamFault('invalid-stream', `${host} answered 200 with a body that holds no chat-completions event`)
          controller.enqueue(errorEvent(NOT_A_CHAT_STREAM_MESSAGE))
        }
        controller.close()
      } catch (error) {
        // The client left: nobody is reading any more.
        if (abort.signal.aborted) return closeQuietly(controller)
        if (error instanceof UpstreamStalledError) controller.enqueue(errorEvent(error.message))
        else {
          const reason = redactSecrets(error instanceof Error ? error.message : String(error), allInstanceLlmKeys())
          recordUpstreamFault('broken-stream', `${host} broke off mid-answer: ${reason}`)
          controller.enqueue(errorEvent('The model stream broke off before the answer was complete. Try again.'))
        }
        closeQuietly(controller)
      }
    },
    cancel() {
      abort.abort()
    },
  })
  setResponseHeaders(event, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  return sendStream(event, stream)
}

function errorEvent(message: string): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify({ error: { code: 'UNAVAILABLE', message } })}\n\n`)
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close()
  } catch {
    // already closed or cancelled by the client
  }
}
