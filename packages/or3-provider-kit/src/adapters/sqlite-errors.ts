import { ProviderError } from '../errors.ts'

/**
 * `mapError` for a provider on SQLite (bun:sqlite, better-sqlite3): the failures a caller can do
 * something about become ProviderErrors; anything else (a bug, a corrupt file) is left as it is and
 * core answers 500 without details.
 */
export function mapSqliteError(error: unknown): ProviderError | undefined {
  if (!(error instanceof Error) || error.name !== 'SQLiteError') return undefined
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
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ProviderError('CONFLICT', 'This conflicts with a change made at the same time; try again', { cause: error })
  }
  return undefined
}
