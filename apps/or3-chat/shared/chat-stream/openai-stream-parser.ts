import { createSseEventParser } from './sse-event-parser'
import { tokenUsageFromChunk, type TokenUsage } from './token-usage'

/** What an OpenAI-compatible chat-completions stream says, in the order it says it. */
export type OpenAiStreamItem =
  | { type: 'delta'; text: string }
  | { type: 'usage'; usage: TokenUsage }
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
 * becomes an error item. A chunk's `usage` (sent when the request asked for
 * `stream_options.include_usage`, usually on a last chunk with no choices) becomes a usage item.
 * Role-only and empty deltas yield nothing.
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
      if (typeof chunk !== 'object' || chunk === null) {
        malformed++
        continue
      }
      items.push(...itemsFromChunk(chunk))
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

function itemsFromChunk(chunk: object): OpenAiStreamItem[] {
  const { error, choices } = chunk as { error?: unknown; choices?: unknown }
  if (error !== undefined && error !== null) return [{ type: 'error', message: errorMessage(error) }]
  const items: OpenAiStreamItem[] = []
  const text = Array.isArray(choices) ? deltaText(choices) : ''
  if (text !== '') items.push({ type: 'delta', text })
  const usage = tokenUsageFromChunk(chunk)
  if (usage) items.push({ type: 'usage', usage })
  return items
}

function deltaText(choices: unknown[]): string {
  let text = ''
  for (const choice of choices) {
    const index = (choice as { index?: unknown })?.index
    if (index !== undefined && index !== 0) continue
    const content = (choice as { delta?: { content?: unknown } })?.delta?.content
    if (typeof content === 'string') text += content
  }
  return text
}

function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error
  const message = (error as { message?: unknown }).message
  return typeof message === 'string' && message !== '' ? message : 'The model stream reported an error'
}
