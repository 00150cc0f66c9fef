import { isOfflineError, isProviderError, type ProviderError } from 'or3-provider-kit'
import { ChatStreamError } from '#shared/chat-stream/read-openai-deltas'
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
  if (isOfflineError(error)) {
    return { kind: 'offline', message: 'Could not reach the OR3 server: check your connection and try again.', retryAfterSeconds: null }
  }
  if (isProviderError(error)) {
    if (needsUserKey(error)) return { kind: 'needs-key', message: error.message, retryAfterSeconds: null }
    if (error.code === 'RATE_LIMITED') {
      const wait = error.retryAfterSeconds ?? null
      const message = wait === null ? 'Too many requests: try again in a moment.' : `Too many requests: try again in ${Math.ceil(wait)} s.`
      return { kind: 'rate-limited', message, retryAfterSeconds: wait }
    }
    return { kind: 'upstream', message: error.message, retryAfterSeconds: null }
  }
  if (error instanceof ChatStreamError) return { kind: 'upstream', message: error.message, retryAfterSeconds: null }
  if (error instanceof JobStreamError) return { kind: 'offline', message: error.message, retryAfterSeconds: null }
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong while answering.'
  return { kind: 'other', message, retryAfterSeconds: null }
}

/** The server refused for want of the user's own LLM key (a field error on the key header). */
function needsUserKey(error: ProviderError): boolean {
  return Object.keys(error.fields ?? {}).some((field) => field.startsWith('headers.'))
}

/** The bubble text for a failed answer whose reason was not kept (rows from before `error` existed). */
export const EARLIER_FAILURE_MESSAGE = 'This answer did not finish. Regenerate it to try again.'
