import { ChatRequestError } from './stream/chat-request-error'
import { ChatStreamError } from './stream/read-openai-deltas'
import { JobStreamError } from './stream/resume-job-stream'

/** What the message bubble says about a failed answer. */
export interface ChatErrorView {
  kind: 'needs-key' | 'rate-limited' | 'upstream' | 'offline' | 'other'
  message: string
  retryAfterSeconds: number | null
}

/**
 * Turns whatever a generation threw into words for the user: the server's actionable message as
 * is, a rate limit as "try again in N s", a missing key as a pointer to Settings.
 */
export function describeChatError(error: unknown): ChatErrorView {
  if (error instanceof ChatRequestError) {
    if (error.needsUserKey) return { kind: 'needs-key', message: error.message, retryAfterSeconds: null }
    if (error.status === 429) {
      const wait = error.retryAfterSeconds
      const message = wait === null ? 'Too many requests: try again in a moment.' : `Too many requests: try again in ${Math.ceil(wait)} s.`
      return { kind: 'rate-limited', message, retryAfterSeconds: wait }
    }
    return { kind: 'upstream', message: error.message, retryAfterSeconds: null }
  }
  if (error instanceof ChatStreamError) return { kind: 'upstream', message: error.message, retryAfterSeconds: null }
  if (error instanceof JobStreamError) return { kind: 'offline', message: error.message, retryAfterSeconds: null }
  if (error instanceof TypeError) {
    // fetch throws a TypeError when the server cannot be reached at all.
    return { kind: 'offline', message: 'Could not reach the OR3 server: check your connection and try again.', retryAfterSeconds: null }
  }
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong while answering.'
  return { kind: 'other', message, retryAfterSeconds: null }
}

/** The bubble text for a failed answer whose reason was not kept (rows from before `error` existed). */
export const EARLIER_FAILURE_MESSAGE = 'This answer did not finish. Regenerate it to try again.'
