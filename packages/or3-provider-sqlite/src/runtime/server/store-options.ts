import type { Database } from 'bun:sqlite'
import { ProviderError } from 'or3-provider-kit'
import { useSharedDatabase } from './database'

/** What every factory of this package accepts: a database (or its path) and a clock. */
export interface SqliteStoreOptions {
  /** An open connection (e.g. from `openDatabase`); wins over `path`. */
  db?: Database
  /** A database file, opened once per process and shared; `:memory:` for a private one. */
  path?: string
  /** ms since the epoch; tests pass a controllable clock. */
  now?: () => number
}

/** How long sync change-log rows, tombstones and removed workspaces outlive their use. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

export function resolveStoreDatabase(options: SqliteStoreOptions, what: string): Database {
  if (options.db) return options.db
  if (options.path) return useSharedDatabase(options.path)
  throw new ProviderError('NOT_CONFIGURED', `${what} needs a database: pass { db } or { path }`)
}

export function checkRetention(retentionMs: number): number {
  if (!Number.isFinite(retentionMs) || retentionMs < 0) {
    throw new ProviderError('NOT_CONFIGURED', `retentionMs must be a non-negative number of ms (got ${retentionMs})`)
  }
  return retentionMs
}
