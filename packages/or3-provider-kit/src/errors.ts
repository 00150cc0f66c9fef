/**
 * The one error type providers throw, and the one mapping from its codes to HTTP statuses.
 * `sendProviderError` (server entry) is the only place that applies it, for core routes and
 * providers' own routes alike; providers never build HTTP errors themselves.
 */
export const PROVIDER_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VALIDATION',
  'TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RANGE_NOT_SATISFIABLE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'NOT_CONFIGURED',
  'INTERNAL',
] as const

export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number]

const STATUS_BY_CODE: Record<ProviderErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION: 400,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  NOT_CONFIGURED: 501,
  INTERNAL: 500,
}

export interface ProviderErrorOptions {
  /** Seconds until a retry may succeed (RATE_LIMITED, UNAVAILABLE). */
  retryAfterSeconds?: number
  /** Field errors for VALIDATION, keyed by dotted path. */
  fields?: Record<string, string[]>
  cause?: unknown
}

export class ProviderError extends Error {
  readonly code: ProviderErrorCode
  readonly retryAfterSeconds?: number
  readonly fields?: Record<string, string[]>

  constructor(code: ProviderErrorCode, message: string, options: ProviderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ProviderError'
    this.code = code
    this.retryAfterSeconds = options.retryAfterSeconds
    this.fields = options.fields
  }

  get status(): number {
    return httpStatusForCode(this.code)
  }
}

export function httpStatusForCode(code: ProviderErrorCode): number {
  return STATUS_BY_CODE[code]
}

export function isProviderError(error: unknown): error is ProviderError {
  // Duck-typed as well, so two copies of the kit in one bundle still agree.
  return (
    error instanceof ProviderError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'ProviderError' &&
      PROVIDER_ERROR_CODES.includes((error as { code?: ProviderErrorCode }).code as ProviderErrorCode))
  )
}

/** The JSON body every core endpoint answers with on failure. Never carries a stack or a secret. */
export interface ErrorEnvelope {
  error: {
    code: ProviderErrorCode
    message: string
    fields?: Record<string, string[]>
  }
}

export function toErrorEnvelope(error: ProviderError): ErrorEnvelope {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  }
}
