import { ProviderError } from '../errors.ts'

// Ready-made `mapError`s for the backends several providers share. Each turns the failures a
// caller can do something about into ProviderErrors and leaves anything else (a bug, a corrupt
// file) as it is, so core answers 500 without details.

/** For a provider on SQLite (bun:sqlite, better-sqlite3). */
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

/** For a provider on a local disk (node:fs): a full, read-only or forbidden folder. */
export function mapFileSystemError(error: unknown): ProviderError | undefined {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ProviderError('UNAVAILABLE', 'The disk holding the files is full', { cause: error })
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new ProviderError('UNAVAILABLE', 'The folder holding the files cannot be written: check its permissions', {
      cause: error,
    })
  }
  return undefined
}
