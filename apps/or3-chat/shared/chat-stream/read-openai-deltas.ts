import { createOpenAiStreamParser } from './openai-stream-parser'
import { parseStream } from './parse-stream'
import type { TokenUsage } from './token-usage'

/** The model stream reported an error, or ended in a way that loses part of the answer. */
export class ChatStreamError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ChatStreamError'
  }
}

/** Said when a body ends without one chat-completions event: it was not a model's answer at all. */
export const NOT_A_CHAT_STREAM_MESSAGE =
  'The model provider answered with something that is not a chat answer. Try again, or choose another model.'

/** The body ended without a single chat-completions event (an HTML page, a proxy's error text). */
export class NotAChatStreamError extends ChatStreamError {
  constructor() {
    super(NOT_A_CHAT_STREAM_MESSAGE)
    this.name = 'NotAChatStreamError'
  }
}

/**
 * Reads an OpenAI-compatible SSE body and yields its text deltas in order. Ends at `[DONE]` (or
 * at a clean end of the body: some local servers omit `[DONE]`); throws ChatStreamError when the
 * stream carries an error, or ends without a single chat-completions event (an HTML page, a
 * proxy's error text), so garbage never becomes an empty "complete" answer. Stopping the
 * iteration early cancels the body. The token usage the stream reports goes to `onUsage` (the
 * last report wins; an upstream that reports none never calls it).
 */
export async function* readOpenAiDeltas(
  body: ReadableStream<Uint8Array>,
  options: { onUsage?(usage: TokenUsage): void } = {},
): AsyncGenerator<string, void, undefined> {
  const parser = createOpenAiStreamParser()
  for await (const item of parseStream(body, parser)) {
    if (item.type === 'delta') yield item.text
    else if (item.type === 'usage') options.onUsage?.(item.usage)
    else if (item.type === 'error') throw new ChatStreamError(item.message)
    else return
  }
  if (parser.recognized === 0) throw new NotAChatStreamError()
}
