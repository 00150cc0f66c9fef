import { setResponseHeader, setResponseStatus, type H3Event } from 'h3'
import type { ErrorMapper } from '../adapters/define-adapter.ts'
import { isProviderError, ProviderError, toErrorEnvelope, type ErrorEnvelope } from '../errors.ts'

export interface SendProviderErrorOptions {
  /** Prefix of the log line for an unexpected error, e.g. `or3` or `basic-auth`. */
  label?: string
  /** The route's backend failures as ProviderErrors (`mapSqliteError`, ...), as its adapters map them. */
  mapError?: ErrorMapper
}

/**
 * The one place an error becomes an HTTP answer, for core routes and providers' own routes alike:
 * a ProviderError keeps its code and message and takes its status from `httpStatusForCode` (with
 * `Retry-After` when it carries one); anything else is logged by message only (never a stack, a
 * body or a secret) and answered as a generic 500. Returns the envelope to send as the body.
 */
export function sendProviderError(event: H3Event, error: unknown, { label = 'or3', mapError }: SendProviderErrorOptions = {}): ErrorEnvelope {
  const providerError = toProviderError((!isProviderError(error) && mapError?.(error)) || error, label)
  const res = event.node?.res
  if (res?.headersSent) return toErrorEnvelope(providerError)
  setResponseStatus(event, providerError.status)
  setResponseHeader(event, 'cache-control', 'no-store')
  if (providerError.retryAfterSeconds !== undefined) {
    setResponseHeader(event, 'retry-after', providerError.retryAfterSeconds)
  }
  return toErrorEnvelope(providerError)
}

/** A thrown value as the ProviderError the client is told about. */
export function toProviderError(error: unknown, label = 'or3'): ProviderError {
  if (isProviderError(error)) return error
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  // h3 raises its own errors for requests it cannot read; they are the caller's fault, not ours.
  if (status === 400) return new ProviderError('VALIDATION', 'The request could not be read')
  if (status === 413) return new ProviderError('TOO_LARGE', 'The request body is too large')
  console.error(`[${label}] unexpected error: ${error instanceof Error ? error.message : String(error)}`)
  return new ProviderError('INTERNAL', 'Something went wrong on the server; try again')
}
