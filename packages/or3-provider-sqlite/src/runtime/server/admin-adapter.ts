import type { ProviderAdminAdapter } from 'or3-provider-kit'
import { defineAdminAdapter } from 'or3-provider-kit/server'
import { MEMORY_DATABASE, readSchemaVersion } from './database'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { resolveStoreDatabase, type SqliteStoreOptions } from './store-options'

export type SqliteAdminAdapterOptions = SqliteStoreOptions

/** What the admin page shows about the database: where it is, its schema, size and journal. */
export function createSqliteAdminAdapter(options: SqliteAdminAdapterOptions): ProviderAdminAdapter {
  const db = resolveStoreDatabase(options, 'The SQLite admin adapter')

  return defineAdminAdapter({
    id: 'sqlite',
    kind: 'sqlite',
    unreadable: 'The database cannot be read',
    async status() {
      const path = db.filename || MEMORY_DATABASE
      const inMemory = path === MEMORY_DATABASE
      const journalMode = db.query<{ journal_mode: string }, []>('PRAGMA journal_mode').get()?.journal_mode ?? 'unknown'
      const pageCount = db.query<{ page_count: number }, []>('PRAGMA page_count').get()?.page_count ?? 0
      const pageSize = db.query<{ page_size: number }, []>('PRAGMA page_size').get()?.page_size ?? 0
      const schemaVersion = readSchemaVersion(db)
      const walOk = journalMode.toLowerCase() === 'wal'

      const warnings: string[] = []
      if (inMemory) warnings.push('The database is in memory: every restart loses all data. Set OR3_SQLITE_PATH to a file.')
      else if (!walOk) {
        warnings.push(
          `The journal mode is '${journalMode}', not WAL: readers block writers. Keep the database on a local disk (not a network share).`,
        )
      }
      if (schemaVersion !== LATEST_SCHEMA_VERSION) {
        warnings.push(`The schema is at version ${schemaVersion}; this release expects ${LATEST_SCHEMA_VERSION}.`)
      }
      return {
        healthy: schemaVersion === LATEST_SCHEMA_VERSION,
        warnings,
        details: { path, schemaVersion, sizeBytes: pageCount * pageSize, journalMode, walOk },
      }
    },
  })
}
