/** Turns text fed in pieces into items: the SSE and the OpenAI stream parsers. */
export interface IncrementalParser<T> {
  push(text: string): T[]
  /** The body ended: the items still held back. */
  end(): T[]
}

/**
 * The items `parser` finds in a UTF-8 body, as the body arrives. Stopping the iteration early (or
 * a failure) cancels the body, which releases the connection.
 */
export async function* parseStream<T>(body: ReadableStream<Uint8Array>, parser: IncrementalParser<T>): AsyncGenerator<T, void, undefined> {
  const decoder = new TextDecoder()
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        yield* parser.push(decoder.decode())
        yield* parser.end()
        return
      }
      yield* parser.push(decoder.decode(value, { stream: true }))
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}
