/** One server-sent event: its name (`message` when the stream names none) and its data lines. */
export interface SseEvent {
  event: string
  data: string
}

export interface SseEventParser {
  /** Feeds decoded text (any split: mid-line, mid-event, several events) and returns whole events. */
  push(text: string): SseEvent[]
  /** The stream ended: returns the last event even without its closing blank line. */
  end(): SseEvent[]
}

/**
 * SSE framing as the HTML spec defines it (CRLF, LF or CR line ends; `:` comments; multi-line
 * data joined by `\n`), fed incrementally. Lenient at the end: servers that close right after
 * `data: [DONE]` without the final blank line still deliver it. `id` and `retry` are ignored.
 */
export function createSseEventParser(): SseEventParser {
  let buffer = ''
  let eventName = ''
  let dataLines: string[] = []

  function dispatch(out: SseEvent[]) {
    if (dataLines.length > 0) out.push({ event: eventName || 'message', data: dataLines.join('\n') })
    eventName = ''
    dataLines = []
  }

  function takeLine(line: string, out: SseEvent[]) {
    if (line === '') return dispatch(out)
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') dataLines.push(value)
    else if (field === 'event') eventName = value
  }

  return {
    push(text) {
      buffer += text
      const out: SseEvent[] = []
      let start = 0
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i]
        if (char !== '\n' && char !== '\r') continue
        // A CR that ends the buffer may be the first half of a CRLF split across chunks: wait.
        if (char === '\r' && i === buffer.length - 1) break
        takeLine(buffer.slice(start, i), out)
        if (char === '\r' && buffer[i + 1] === '\n') i++
        start = i + 1
      }
      buffer = buffer.slice(start)
      return out
    },
    end() {
      const out: SseEvent[] = []
      const rest = buffer.replace(/\r$/, '')
      buffer = ''
      if (rest !== '') takeLine(rest, out)
      dispatch(out)
      return out
    },
  }
}
