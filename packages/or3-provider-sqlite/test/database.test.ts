import { Database } from 'bun:sqlite'
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isProviderError } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  closeSharedDatabase,
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  openDatabase,
  readSchemaVersion,
  resolveSqlitePath,
  useSharedDatabase,
} from '../src/runtime/index'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'or3-sqlite-db-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const pragma = (db: Database, name: string) => Object.values(db.query(`PRAGMA ${name}`).get() as object)[0]

describe('database', () => {
  it('records every migration in schema_migrations, once', () => {
    const path = join(tempDir(), 'or3.sqlite')
    openDatabase(path).close()
    const db = openDatabase(path)
    const rows = db.query('SELECT version, name FROM schema_migrations ORDER BY version').all()
    expect(rows, 'one row per migration, not repeated by a second open').toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    )
    expect(readSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    db.close()
  })

  it('brings a database written by an older release up to date', () => {
    const path = join(tempDir(), 'or3.sqlite')
    const old = new Database(path)
    old.run('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)')
    old.run(MIGRATIONS[0]!.sql)
    old.run('INSERT INTO schema_migrations VALUES (?, ?, ?)', [MIGRATIONS[0]!.version, MIGRATIONS[0]!.name, 1])
    old.run("INSERT INTO users (id, provider, provider_user_id, created_at) VALUES ('u1', 'p', 'x', 1)")
    old.close()

    const db = openDatabase(path)
    expect(readSchemaVersion(db), 'the missing migrations ran').toBe(LATEST_SCHEMA_VERSION)
    expect(db.query('SELECT id FROM users').all(), 'existing data is kept').toEqual([{ id: 'u1' }])
    expect(db.query("SELECT name FROM sqlite_master WHERE name = 'sync_changes'").get(), 'later tables exist').toBeTruthy()
    db.close()
  })

  it('refuses a database whose schema is newer than this release knows', () => {
    const path = join(tempDir(), 'or3.sqlite')
    const db = openDatabase(path)
    db.run('INSERT INTO schema_migrations VALUES (?, ?, ?)', [LATEST_SCHEMA_VERSION + 1, 'from-the-future', 1])
    db.close()

    let caught: unknown
    try {
      openDatabase(path).close()
    } catch (error) {
      caught = error
    }
    expect(isProviderError(caught), 'a ProviderError, not a crash deeper in').toBe(true)
    expect((caught as Error).message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 1}`)
    expect((caught as Error).message).toContain('upgrade or3-provider-sqlite')
  })

  it('opens files in WAL mode with foreign keys, a busy timeout and synchronous=NORMAL', () => {
    const db = openDatabase(join(tempDir(), 'or3.sqlite'))
    expect(pragma(db, 'journal_mode')).toBe('wal')
    expect(pragma(db, 'foreign_keys')).toBe(1)
    expect(pragma(db, 'busy_timeout')).toBe(5000)
    expect(pragma(db, 'synchronous'), '1 is NORMAL').toBe(1)
    db.close()
  })

  it('creates the parent folder private (0700) and the file owner-only (0600)', () => {
    const dir = join(tempDir(), 'nested', 'data')
    const path = join(dir, 'or3.sqlite')
    openDatabase(path).close()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('creates the -wal and -shm files owner-only (0600) too, and narrows ones an older release left', () => {
    const path = join(tempDir(), 'or3.sqlite')
    const db = openDatabase(path)
    db.run('CREATE TABLE side_files (x)')
    db.run('INSERT INTO side_files VALUES (1)')
    for (const suffix of ['-wal', '-shm']) expect(statSync(path + suffix).mode & 0o777, suffix).toBe(0o600)
    // An older release created them world-readable; a connection still holds them open.
    for (const suffix of ['', '-wal', '-shm']) chmodSync(path + suffix, 0o644)
    openDatabase(path).close()
    for (const suffix of ['', '-wal', '-shm']) expect(statSync(path + suffix).mode & 0o777, suffix || 'db').toBe(0o600)
    db.close()
  })

  it('turns a data folder it cannot use into one sentence naming the path and the setting', () => {
    const blocker = join(tempDir(), 'not-a-folder')
    writeFileSync(blocker, '')
    expect(() => openDatabase(join(blocker, 'or3.sqlite'))).toThrow(
      `OR3 cannot use ${blocker}: a file is in the way where a folder should be. Point OR3_DATA_DIR (or OR3_SQLITE_PATH) at a writable folder with free space, or fix that path.`,
    )
  })

  it('resolves the path from OR3_SQLITE_PATH, else or3.sqlite in the data dir', () => {
    expect(resolveSqlitePath({ OR3_SQLITE_PATH: '/srv/or3/db.sqlite' })).toBe('/srv/or3/db.sqlite')
    expect(resolveSqlitePath({ OR3_DATA_DIR: '/var/lib/or3' })).toBe('/var/lib/or3/or3.sqlite')
    expect(resolveSqlitePath({ OR3_SQLITE_PATH: ':memory:' })).toBe(':memory:')
  })

  it('shares one connection per file and reopens after close', () => {
    const path = join(tempDir(), 'or3.sqlite')
    const first = useSharedDatabase(path)
    expect(useSharedDatabase(path), 'the same connection for the same file').toBe(first)
    expect(useSharedDatabase(join(path, '..', 'or3.sqlite')), 'also through another spelling').toBe(first)
    closeSharedDatabase(path)
    expect(() => first.query('SELECT 1').get(), 'closed').toThrow()
    const second = useSharedDatabase(path)
    expect(second).not.toBe(first)
    closeSharedDatabase(path)
  })
})
