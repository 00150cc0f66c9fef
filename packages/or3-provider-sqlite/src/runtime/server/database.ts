import { Database } from 'bun:sqlite'
import { join, resolve } from 'node:path'
import { ProviderError } from 'or3-provider-kit'
import { preparePrivateDatabaseFile, resolveDataDir, withDataPath } from 'or3-provider-kit/server'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'

export const MEMORY_DATABASE = ':memory:'

/** How long a writer waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000

/** What chose a database path, for the start-up message when it cannot be used. */
const PATH_SETTING = 'OR3_DATA_DIR (or OR3_SQLITE_PATH)'

/** `OR3_SQLITE_PATH`, or `or3.sqlite` in the OR3 data dir. */
export function resolveSqlitePath(env: Record<string, string | undefined>): string {
  const fromEnv = env.OR3_SQLITE_PATH?.trim()
  if (fromEnv === MEMORY_DATABASE) return fromEnv
  return fromEnv ? resolve(fromEnv) : join(resolveDataDir(env), 'or3.sqlite')
}

/**
 * Opens a new connection, configures it and brings its schema up to date. Each call is its own
 * connection; servers use `useSharedDatabase` so every contract shares one.
 */
export function openDatabase(path: string): Database {
  const inMemory = path === MEMORY_DATABASE
  // The file exists, owner-only, before SQLite opens it, so its -wal and -shm files are 0600 too.
  if (!inMemory) preparePrivateDatabaseFile(path, PATH_SETTING)
  return withDataPath(
    path,
    () => {
      const db = new Database(path, { create: true, strict: true })
      try {
        // First, so the pragmas and migrations below wait for a lock another process holds.
        db.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
        if (!inMemory) db.run('PRAGMA journal_mode = WAL')
        db.run('PRAGMA synchronous = NORMAL')
        db.run('PRAGMA foreign_keys = ON')
        migrate(db, inMemory ? 'an in-memory database' : path)
      } catch (error) {
        db.close(true)
        throw error
      }
      return db
    },
    PATH_SETTING,
  )
}

/** The highest migration a database has run; 0 for a new one. */
export function readSchemaVersion(db: Database): number {
  const table = db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get()
  if (!table) return 0
  return db.query<{ version: number | null }, []>('SELECT MAX(version) AS version FROM schema_migrations').get()
    ?.version ?? 0
}

/**
 * Runs the migrations a database lacks, in one IMMEDIATE transaction so two processes starting
 * together cannot both run one. A database written by a newer release is refused, never
 * downgraded: its tables may mean things this code does not know.
 */
export function migrate(db: Database, label: string): number {
  return db
    .transaction(() => {
      db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      )`)
      const current = readSchemaVersion(db)
      if (current > LATEST_SCHEMA_VERSION) {
        throw new ProviderError(
          'UNAVAILABLE',
          `The SQLite database at ${label} has schema version ${current}, but this or3-provider-sqlite ` +
            `knows versions up to ${LATEST_SCHEMA_VERSION}. It was written by a newer release: upgrade ` +
            'or3-provider-sqlite, or set OR3_SQLITE_PATH to another database.',
        )
      }
      const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      for (const migration of MIGRATIONS) {
        if (migration.version <= current) continue
        db.run(migration.sql)
        record.run(migration.version, migration.name, Date.now())
      }
      record.finalize()
      return LATEST_SCHEMA_VERSION
    })
    .immediate()
}

// One connection per database file per process: every contract shares it, so a write by one is
// seen at once by the others and only one connection contends for the file's write lock.
const shared = new Map<string, Database>()

/** The process's connection to `path`, opened on first use. `:memory:` is never shared. */
export function useSharedDatabase(path: string): Database {
  if (path === MEMORY_DATABASE) return openDatabase(path)
  const key = resolve(path)
  let db = shared.get(key)
  if (!db) {
    db = openDatabase(key)
    shared.set(key, db)
  }
  return db
}

/** Closes the shared connection to `path` (Nitro's close hook); a later use opens a new one. */
export function closeSharedDatabase(path: string): void {
  const key = resolve(path)
  const db = shared.get(key)
  if (!db) return
  shared.delete(key)
  // `true` finalizes the statements the stores prepared, so the file is released (and its WAL
  // checkpointed) now rather than when they are garbage collected.
  db.close(true)
}
