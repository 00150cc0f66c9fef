import { setResponseHeader, setResponseStatus, type H3Event } from 'h3'
import { isProviderError, ProviderError, toErrorEnvelope, type ErrorEnvelope } from 'or3-provider-kit'

/**
 * The one place errors become HTTP. ProviderErrors keep their code and message; anything else is
 * logged (message only) and answered as a generic 500, so stacks and secrets never leave.
 */
export function sendCoreError(event: H3Event, error: unknown): ErrorEnvelope {
  const providerError = toProviderError(error)
  setResponseStatus(event, providerError.status)
  if (providerError.retryAfterSeconds !== undefined) {
    setResponseHeader(event, 'Retry-After', providerError.retryAfterSeconds)
  }
  return toErrorEnvelope(providerError)
}

function toProviderError(error: unknown): ProviderError {
  if (isProviderError(error)) return error
  const status = (error as { statusCode?: unknown })?.statusCode
  // h3 raises its own errors for unreadable bodies; they are the caller's fault, not ours.
  if (status === 400 || status === 415) {
    return new ProviderError('VALIDATION', 'The request body must be valid JSON')
  }
  if (status === 413) return new ProviderError('TOO_LARGE', 'The request body is too large')
  console.error(`[or3] unexpected error: ${error instanceof Error ? error.message : String(error)}`)
  return new ProviderError('INTERNAL', 'Something went wrong on the server')
}
