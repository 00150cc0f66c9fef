import { ProviderError } from 'or3-provider-kit'
import type { PostgresDatabase } from './database'

/** What every factory of this package accepts: a database handle and a clock. */
export interface PostgresStoreOptions {
  /** From `createDatabase` / `openDatabase`; every store of one server shares one. */
  db: PostgresDatabase
  /** ms since the epoch; tests pass a controllable clock. */
  now?: () => number
}

/** How long sync change-log rows, tombstones and removed workspaces outlive their use. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

export function requireDatabase(options: Partial<PostgresStoreOptions>, what: string): PostgresDatabase {
  if (options.db) return options.db
  throw new ProviderError('NOT_CONFIGURED', `${what} needs a database: pass { db } from createDatabase()`)
}

export function checkRetention(retentionMs: number): number {
  if (!Number.isFinite(retentionMs) || retentionMs < 0) {
    throw new ProviderError('NOT_CONFIGURED', `retentionMs must be a non-negative number of ms (got ${retentionMs})`)
  }
  return retentionMs
}
