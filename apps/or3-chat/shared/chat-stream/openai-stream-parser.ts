import { createSseEventParser } from './sse-event-parser'

/** What an OpenAI-compatible chat-completions stream says, one item per SSE event that matters. */
export type OpenAiStreamItem =
  | { type: 'delta'; text: string }
  | { type: 'done' }
  | { type: 'error'; message: string }

export interface OpenAiStreamParser {
  push(text: string): OpenAiStreamItem[]
  end(): OpenAiStreamItem[]
  /** Data lines that were neither JSON nor `[DONE]`; skipped, counted for diagnostics. */
  readonly malformed: number
  /** Events that belong to a chat-completions stream (`[DONE]`, a chunk with `choices`, an error). */
  readonly recognized: number
}

/**
 * Turns `data: {...}` chunks into text deltas. `data: [DONE]` ends the answer; a `data:` line
 * whose JSON carries `error` (OpenRouter and the OR3 proxy report mid-stream failures that way)
 * becomes an error item. Role-only and empty deltas yield nothing.
 */
export function createOpenAiStreamParser(): OpenAiStreamParser {
  const sse = createSseEventParser()
  let malformed = 0
  let recognized = 0

  function toItems(events: ReturnType<typeof sse.push>): OpenAiStreamItem[] {
    const items: OpenAiStreamItem[] = []
    for (const { data } of events) {
      const trimmed = data.trim()
      if (trimmed === '[DONE]') {
        recognized++
        items.push({ type: 'done' })
        continue
      }
      let chunk: unknown
      try {
        chunk = JSON.parse(trimmed)
      } catch {
        malformed++
        continue
      }
      if (isCompletionEvent(chunk)) recognized++
      const item = itemFromChunk(chunk)
      if (item) items.push(item)
      else if (typeof chunk !== 'object' || chunk === null) malformed++
    }
    return items
  }

  return {
    push: (text) => toItems(sse.push(text)),
    end: () => toItems(sse.end()),
    get malformed() {
      return malformed
    },
    get recognized() {
      return recognized
    },
  }
}

function isCompletionEvent(chunk: unknown): boolean {
  if (typeof chunk !== 'object' || chunk === null) return false
  const { error, choices } = chunk as { error?: unknown; choices?: unknown }
  return Array.isArray(choices) || (error !== undefined && error !== null)
}

function itemFromChunk(chunk: unknown): OpenAiStreamItem | null {
  if (typeof chunk !== 'object' || chunk === null) return null
  const { error, choices } = chunk as { error?: unknown; choices?: unknown }
  if (error !== undefined && error !== null) return { type: 'error', message: errorMessage(error) }
  if (!Array.isArray(choices)) return null
  let text = ''
  for (const choice of choices) {
    const index = (choice as { index?: unknown })?.index
    if (index !== undefined && index !== 0) continue
    const content = (choice as { delta?: { content?: unknown } })?.delta?.content
    if (typeof content === 'string') text += content
  }
  return text === '' ? null : { type: 'delta', text }
}

function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error
  const message = (error as { message?: unknown }).message
  return typeof message === 'string' && message !== '' ? message : 'The model stream reported an error'
}
