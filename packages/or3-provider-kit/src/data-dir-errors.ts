import { isProviderError } from './errors.ts'

/**
 * A data folder (or a file in it) this process cannot use. Its message is one sentence an
 * operator can act on, naming the path and the setting that chose it; the server prints it at
 * start-up without a stack.
 */
export class DataDirError extends Error {
  readonly path: string
  constructor(message: string, path: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'DataDirError'
    this.path = path
  }
}

export function isDataDirError(error: unknown): error is DataDirError {
  return error instanceof DataDirError || (error instanceof Error && error.name === 'DataDirError')
}

// Node's errno codes and bun:sqlite's result codes for the failures a person can fix.
const REASONS: Array<[RegExp, string]> = [
  [/^(EACCES|EPERM)$/, 'this process may not write there (permission denied)'],
  [/^EROFS$|^SQLITE_READONLY/, 'it is on a read-only file system'],
  [/^(ENOSPC|EDQUOT)$|^SQLITE_FULL/, 'the disk is full'],
  [/^(ENOTDIR|EEXIST)$/, 'a file is in the way where a folder should be'],
  [/^EISDIR$/, 'a folder is in the way where a file should be'],
  [/^SQLITE_CANTOPEN/, 'the database file cannot be opened or created there'],
]

/**
 * `error` as a DataDirError when it is a storage failure with a known cause, else `error` as it
 * is (a bug keeps its stack). `setting` names what chose the path, e.g. `OR3_DATA_DIR`.
 */
export function toDataDirError(error: unknown, path: string, setting = 'OR3_DATA_DIR'): unknown {
  if (isDataDirError(error) || isProviderError(error) || !(error instanceof Error)) return error
  const code = String((error as Error & { code?: unknown }).code ?? '')
  const reason = REASONS.find(([pattern]) => pattern.test(code))?.[1]
  if (!reason) return error
  return new DataDirError(
    `OR3 cannot use ${path}: ${reason}. Point ${setting} at a writable folder with free space, or fix that path.`,
    path,
    { cause: error },
  )
}

/** Runs `use` on `path`, turning a storage failure into a DataDirError that names it. */
export function withDataPath<T>(path: string, use: () => T, setting?: string): T {
  try {
    return use()
  } catch (error) {
    throw toDataDirError(error, path, setting)
  }
}
