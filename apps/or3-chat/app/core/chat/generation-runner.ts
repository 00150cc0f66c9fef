import { describeChatError } from './chat-error-view'
import type { FinalMessageStatus, StreamedMessageWriter } from './message-persistence'

export interface GenerationResult {
  status: FinalMessageStatus
  content: string
  /** Why it failed (status `error`), for the message bubble. */
  error: unknown
}

/** The job ended as aborted (stopped here or on another device). */
export class GenerationAbortedError extends Error {
  constructor() {
    super('The answer was stopped')
    this.name = 'GenerationAbortedError'
  }
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted || error instanceof GenerationAbortedError) return true
  return error instanceof DOMException && error.name === 'AbortError'
}

/**
 * Drives one assistant answer: feeds streamed text to the message writer (coarse persistence)
 * and to the UI, then finalizes the message once as complete, aborted (the user stopped it) or
 * error (the stream failed; the partial answer is kept).
 */
export async function runGeneration(options: {
  deltas: AsyncIterable<string>
  message: StreamedMessageWriter
  signal: AbortSignal
  onText?(content: string): void
}): Promise<GenerationResult> {
  const { deltas, message, signal } = options
  let status: FinalMessageStatus = 'complete'
  let error: unknown = null
  try {
    for await (const delta of deltas) {
      if (signal.aborted) break
      message.append(delta)
      options.onText?.(message.content)
    }
    if (signal.aborted) status = 'aborted'
  } catch (caught) {
    if (isAbort(caught, signal)) status = 'aborted'
    else {
      status = 'error'
      error = caught
    }
  }
  // The reason is kept with the message, so a reload or another device can still say what went wrong.
  await message.finish(status, status === 'error' ? describeChatError(error).message : null)
  return { status, content: message.content, error }
}
