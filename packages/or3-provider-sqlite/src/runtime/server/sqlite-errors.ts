import { isProviderError, ProviderError } from 'or3-provider-kit'

/**
 * Turns the SQLite failures a caller can do something about into ProviderErrors. Everything else
 * (a bug, a corrupt file) is rethrown as it is and core answers 500 without details.
 */
export function mapSqliteError(error: unknown): unknown {
  if (isProviderError(error) || !(error instanceof Error) || error.name !== 'SQLiteError') return error
  const code = (error as Error & { code?: string }).code ?? ''
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ProviderError('UNAVAILABLE', 'The SQLite database is busy with another writer; retry shortly', {
      retryAfterSeconds: 1,
      cause: error,
    })
  }
  if (code.startsWith('SQLITE_FULL')) {
    return new ProviderError('UNAVAILABLE', 'The disk holding the SQLite database is full', { cause: error })
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new ProviderError('UNAVAILABLE', 'The SQLite database is read-only: check the file and folder permissions', {
      cause: error,
    })
  }
  return error
}

/**
 * Wraps every method of an adapter so SQLite failures leave it as ProviderErrors. Synchronous
 * methods (`watch`) stay synchronous.
 */
export function withSqliteErrors<T extends object>(adapter: T): T {
  const wrapped = { ...adapter } as Record<string, unknown>
  for (const [key, value] of Object.entries(adapter)) {
    if (typeof value !== 'function') continue
    wrapped[key] = (...args: unknown[]) => {
      try {
        const result: unknown = value.apply(adapter, args)
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw mapSqliteError(error)
            })
          : result
      } catch (error) {
        throw mapSqliteError(error)
      }
    }
  }
  return wrapped as T
}
