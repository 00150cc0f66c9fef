import { PROVIDER_ERROR_CODES, ProviderError, type ProviderErrorCode } from 'or3-provider-kit'

/** What the functions put in a `ConvexError` when they refuse a call (`lib/errors.ts` of the templates). */
interface RefusalData {
  code: ProviderErrorCode
  message: string
  retryAfterSeconds?: number
}

function refusalOf(error: unknown): RefusalData | null {
  if (!(error instanceof Error) || error.name !== 'ConvexError') return null
  const data = (error as { data?: unknown }).data
  if (typeof data !== 'object' || data === null) return null
  const { code, message, retryAfterSeconds } = data as Partial<RefusalData>
  if (!PROVIDER_ERROR_CODES.includes(code as ProviderErrorCode) || typeof message !== 'string') return null
  return { code: code as ProviderErrorCode, message, ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}) }
}

/**
 * A function's refusal (`ConvexError({ code, message })`) as the ProviderError it names, with
 * its sentence; null for anything else (a crash, a transport failure), which the caller maps.
 */
export function refusalAsProviderError(error: unknown): ProviderError | null {
  const refusal = refusalOf(error)
  if (refusal === null) return null
  return new ProviderError(refusal.code, refusal.message, {
    ...(refusal.retryAfterSeconds !== undefined ? { retryAfterSeconds: refusal.retryAfterSeconds } : {}),
    cause: error,
  })
}
