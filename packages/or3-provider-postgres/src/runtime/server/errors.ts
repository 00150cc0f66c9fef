import { ProviderError } from 'or3-provider-kit'

/** SQLSTATEs of a transaction PostgreSQL rolled back so that another could go on: safe to retry. */
export const RETRYABLE_SQLSTATES = new Set(['40001', '40P01'])

/** The client's own codes for a server it cannot reach or lost. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'QUEUE_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOENT',
])

const codeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '')

/**
 * PostgreSQL and connection failures a caller can act on, as ProviderErrors; anything else (a bug)
 * is left as it is, so core answers a plain 500. Messages never carry row contents.
 */
export function mapPostgresError(error: unknown): ProviderError | undefined {
  if (!(error instanceof Error)) return undefined
  const code = codeOf(error)
  if (RETRYABLE_SQLSTATES.has(code) || code === '55P03') {
    return new ProviderError('UNAVAILABLE', 'The database is busy with changes made at the same time; retry shortly', {
      retryAfterSeconds: 1,
      cause: error,
    })
  }
  if (CONNECTION_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03') {
    return new ProviderError('UNAVAILABLE', 'The PostgreSQL server cannot be reached; retry shortly', {
      retryAfterSeconds: 5,
      cause: error,
    })
  }
  if (code === '53100') return new ProviderError('UNAVAILABLE', 'The disk holding the PostgreSQL database is full', { cause: error })
  if (code === '25006') {
    return new ProviderError('UNAVAILABLE', 'The PostgreSQL server is read-only (a standby?): point OR3_POSTGRES_URL at the primary', {
      cause: error,
    })
  }
  if (code === '23505') {
    return new ProviderError('CONFLICT', 'This conflicts with a change made at the same time; try again', { cause: error })
  }
  return undefined
}
