import { z } from 'zod'
import { httpStatusForCode, isProviderError, PROVIDER_ERROR_CODES, ProviderError, type ProviderErrorCode } from '../errors.ts'

// The client side of the one error edge: what `sendProviderError` wrote, read back into the
// ProviderError the server threw, for core's clients and providers' UIs alike.

const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
})

/** The `{ error: { code, message, fields? } }` of a failed answer, or null when the body is not one. */
export function readErrorEnvelope(body: unknown): z.output<typeof errorEnvelopeSchema>['error'] | null {
  const parsed = errorEnvelopeSchema.safeParse(body)
  return parsed.success ? parsed.data.error : null
}

/** `Retry-After` in seconds (it may be seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}

/** The cause of a request that never reached the server (offline, DNS, connection refused, timeout). */
export class NetworkUnreachableError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'NetworkUnreachableError'
  }
}

/** True when the server was not reached at all, as opposed to answering with an error. */
export function isOfflineError(error: unknown): boolean {
  return isProviderError(error) && error.cause instanceof NetworkUnreachableError
}

/** The code whose status `status` is, for an answer without an envelope (a proxy in between). */
function codeForStatus(status: number): ProviderErrorCode {
  const exact = PROVIDER_ERROR_CODES.find((code) => httpStatusForCode(code) === status)
  if (exact) return exact
  return status >= 500 ? 'UNAVAILABLE' : 'VALIDATION'
}

/**
 * The ProviderError a failed answer stands for: the envelope's code (or, unknown to this kit, the
 * code of the status), message and fields with the answer's Retry-After; without an envelope, the
 * code of its status and a sentence naming `what`.
 */
export function errorFromResponse(response: Pick<Response, 'status' | 'headers'>, body: unknown, what: string): ProviderError {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'))
  const envelope = readErrorEnvelope(body)
  if (envelope) {
    const known = (PROVIDER_ERROR_CODES as readonly string[]).includes(envelope.code)
    return new ProviderError(known ? (envelope.code as ProviderErrorCode) : codeForStatus(response.status), envelope.message, {
      fields: envelope.fields,
      retryAfterSeconds,
    })
  }
  return new ProviderError(codeForStatus(response.status), `The server answered ${what} with HTTP ${response.status}`, {
    retryAfterSeconds,
  })
}

/** Reads a failed answer's body (JSON or not) into its ProviderError. */
export async function readErrorResponse(response: Response, what: string): Promise<ProviderError> {
  return errorFromResponse(response, parseJsonText(await response.text().catch(() => '')), what)
}

/** JSON text as a value; text that is not JSON as itself; empty as null. */
export function parseJsonText(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** What a form or panel shows for a failed call. */
export interface FailureView {
  code: ProviderErrorCode | null
  message: string
  /** Messages by field name (`email`, `body.name`, ...). */
  fields: Record<string, string[]>
}

/**
 * A failed call in words a user can act on: the server's own sentence and field errors, a plain
 * "could not be reached" when it never answered, else `fallback`.
 */
export function describeFailure(error: unknown, fallback = 'Something went wrong; try again'): FailureView {
  if (isOfflineError(error)) {
    return { code: 'UNAVAILABLE', message: (error as ProviderError).message, fields: {} }
  }
  if (isProviderError(error)) return { code: error.code, message: error.message, fields: error.fields ?? {} }
  return { code: null, message: fallback, fields: {} }
}
