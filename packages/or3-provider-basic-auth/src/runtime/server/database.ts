import { Database } from 'bun:sqlite'
import { preparePrivateDatabaseFile, withDataPath } from 'or3-provider-kit/server'

/**
 * Schema versions, applied in order inside one transaction each. Append only: a released
 * migration never changes, so every database walks the same path.
 */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        display_name TEXT,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL
      );
      -- One row per sign-in: the refresh-token family. Its id is the access token's sid.
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        refreshed_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER,
        revoked_reason TEXT
      );
      CREATE INDEX sessions_by_account ON sessions(account_id);
      CREATE INDEX sessions_by_expiry ON sessions(expires_at);
      -- Every refresh token ever issued in a family, by sha256 only; used_at marks rotation.
      CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX refresh_tokens_by_session ON refresh_tokens(session_id);
      CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens(expires_at);
    `,
  },
  {
    version: 2,
    sql: `
      -- Set by the deployment admin: no sign-in, and no session of the account is live.
      ALTER TABLE accounts ADD COLUMN disabled_at INTEGER;
      -- Single-use password-reset links the admin created, by sha256 of the token only.
      CREATE TABLE password_resets (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX password_resets_by_account ON password_resets(account_id);
    `,
  },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0

/** What chose the accounts database path, for the start-up message when it cannot be used. */
const PATH_SETTING = 'OR3_DATA_DIR (or OR3_BASIC_AUTH_DB)'

/** Opens (creating when missing) the accounts database in a private directory, migrated to the latest schema. */
export function openAccountsDatabase(path: string): Database {
  // The file exists, owner-only, before SQLite opens it, so its -wal and -shm files are 0600 too.
  if (path !== ':memory:') preparePrivateDatabaseFile(path, PATH_SETTING)
  return withDataPath(
    path,
    () => {
      const db = new Database(path, { create: true, strict: true })
      try {
        db.exec('PRAGMA journal_mode = WAL')
        db.exec('PRAGMA busy_timeout = 5000')
        db.exec('PRAGMA foreign_keys = ON')
        migrate(db, path)
        return db
      } catch (error) {
        db.close()
        throw error
      }
    },
    PATH_SETTING,
  )
}

function migrate(db: Database, path: string): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  )
  const current = db.query<{ version: number | null }, []>('SELECT MAX(version) AS version FROM schema_migrations').get()
    ?.version ?? 0
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `${path} has schema version ${current}, newer than this or3-provider-basic-auth supports ` +
        `(${LATEST_SCHEMA_VERSION}): upgrade the package, or restore a backup made by this version`,
    )
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.query('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, Date.now())
    }).immediate()
  }
}
