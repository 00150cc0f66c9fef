import { isProviderError } from 'or3-provider-kit'
import type { LocalWriter } from '../db/local-writes'
import type { MessageStatus } from '../db/synced-rows'
import type { TokenUsage } from '#shared/chat-stream/token-usage'

/** How often streamed output reaches the database (and so the sync outbox): coarse, never per token. */
export const STREAM_PERSIST_INTERVAL_MS = 1_000

export type FinalMessageStatus = Extract<MessageStatus, 'complete' | 'error' | 'aborted'>

export interface StreamedMessageWriter {
  /** Everything received so far (what the UI shows). */
  readonly content: string
  /** Adds streamed text; writes it through only when the last write is old enough. */
  append(delta: string): void
  /** The token usage the upstream reported; written with the final content. */
  recordUsage(usage: TokenUsage): void
  /** Writes the final content and status (and, for `error`, why) once; later calls and appends do nothing. */
  finish(status: FinalMessageStatus, error?: string | null): Promise<void>
  /** Stops writing without finalizing: the workspace closed, another session will finish the message. */
  abandon(): void
}

export interface StreamedMessageWriterOptions {
  writer: LocalWriter
  messageId: string
  /** Text the message already holds (a resumed generation continues after it). */
  initialContent?: string
  intervalMs?: number
  now?: () => number
}

/**
 * Persists an assistant message while it streams. Each write is a synced change, so writing per
 * token would flood the outbox: instead the content is written at most once per interval, one
 * write at a time, and the final content and status are written together exactly once.
 * A message deleted mid-stream (NOT_FOUND) simply stops being written.
 */
export function createStreamedMessageWriter(options: StreamedMessageWriterOptions): StreamedMessageWriter {
  const { writer, messageId } = options
  const intervalMs = options.intervalMs ?? STREAM_PERSIST_INTERVAL_MS
  const now = options.now ?? Date.now
  let content = options.initialContent ?? ''
  let persisted = content
  let lastWriteAt = now()
  let inFlight: Promise<void> | null = null
  let finished = false
  let gone = false
  let usage: TokenUsage | null = null

  async function write(changes: { content: string; status?: FinalMessageStatus; error?: string | null; usage?: TokenUsage }): Promise<void> {
    if (gone) return
    try {
      await writer.patch('messages', messageId, changes)
      persisted = changes.content
    } catch (error) {
      if (isProviderError(error) && error.code === 'NOT_FOUND') gone = true
      else throw error
    }
  }

  function writeChunk() {
    lastWriteAt = now()
    inFlight = write({ content })
      // A failed intermediate write is not fatal: the final write carries the whole content.
      .catch(() => undefined)
      .finally(() => (inFlight = null))
  }

  return {
    get content() {
      return content
    },
    append(delta) {
      if (finished || delta === '') return
      content += delta
      if (!inFlight && content !== persisted && now() - lastWriteAt >= intervalMs) writeChunk()
    },
    recordUsage(reported) {
      if (!finished) usage = reported
    },
    async finish(status, error = null) {
      if (finished) return
      finished = true
      if (inFlight) await inFlight
      await write({ content, status, error: status === 'error' ? error : null, ...(usage ? { usage } : {}) })
    },
    abandon() {
      finished = true
      gone = true
    },
  }
}
