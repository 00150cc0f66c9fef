import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { createBasicAuth, LATEST_SCHEMA_VERSION, openAccountsDatabase } from '../src/runtime/index'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'
import { testConfig } from './support/test-config'

const dirs: string[] = []
let h: Harness | undefined
afterEach(() => {
  h?.close()
  h = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'or3-basic-auth-db-'))
  dirs.push(dir)
  return dir
}

describe('accounts database', () => {
  it('lives in a private directory, in WAL mode, with a migrations table', () => {
    const path = join(tempDir(), 'nested', 'basic-auth.sqlite')
    const db = openAccountsDatabase(path)
    try {
      expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700)
      expect(statSync(path).mode & 0o777).toBe(0o600)
      expect(db.query<{ journal_mode: string }, []>('PRAGMA journal_mode').get()?.journal_mode).toBe('wal')
      const versions = db.query<{ version: number }, []>('SELECT version FROM schema_migrations').all()
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1))
    } finally {
      db.close()
    }
  })

  it('keeps its -wal and -shm files owner-only (0600)', () => {
    const path = join(tempDir(), 'basic-auth.sqlite')
    const db = openAccountsDatabase(path)
    try {
      db.exec('CREATE TABLE side_files (x)')
      for (const suffix of ['-wal', '-shm']) expect(statSync(path + suffix).mode & 0o777, suffix).toBe(0o600)
    } finally {
      db.close()
    }
  })

  it('reopens an existing database without migrating twice', () => {
    const path = join(tempDir(), 'basic-auth.sqlite')
    openAccountsDatabase(path).close()
    const db = openAccountsDatabase(path)
    expect(db.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM schema_migrations').get()?.n).toBe(LATEST_SCHEMA_VERSION)
    db.close()
  })

  it('refuses a database from a newer version of the package', () => {
    const path = join(tempDir(), 'basic-auth.sqlite')
    openAccountsDatabase(path).close()
    const raw = new Database(path)
    raw.query('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(LATEST_SCHEMA_VERSION + 1, 0)
    raw.close()
    expect(() => openAccountsDatabase(path)).toThrow(/newer than this or3-provider-basic-auth supports/)
  })

  it('defaults to <data dir>/basic-auth.sqlite, and OR3_BASIC_AUTH_DB moves it', () => {
    const dataDir = tempDir()
    const byDefault = createBasicAuth({ config: testConfig(), env: { OR3_DATA_DIR: dataDir } })
    expect(byDefault.settings.databasePath).toBe(join(dataDir, 'basic-auth.sqlite'))
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600)
    byDefault.close()
    const custom = join(tempDir(), 'elsewhere', 'accounts.db')
    const moved = createBasicAuth({ config: testConfig(), env: { OR3_DATA_DIR: dataDir, OR3_BASIC_AUTH_DB: custom } })
    expect(moved.settings.databasePath).toBe(custom)
    expect(statSync(custom).isFile()).toBe(true)
    moved.close()
  })

  it('stores refresh tokens only as hashes and passwords only as argon2id', async () => {
    h = createHarness()
    const ann = h.browser()
    await ann.register({ email: 'ann@example.org', password: STRONG_PASSWORD })
    const refreshToken = ann.jar.get('or3_ba_refresh')!
    const raw = new Database(h.auth.settings.databasePath, { readonly: true })
    const dump = JSON.stringify([
      raw.query('SELECT * FROM accounts').all(),
      raw.query('SELECT * FROM refresh_tokens').all(),
    ])
    raw.close()
    expect(dump).not.toContain(refreshToken)
    expect(dump).not.toContain(STRONG_PASSWORD)
    expect(dump).toContain('$argon2id$')
  })
})

describe('bootstrap admin', () => {
  const env = (dataDir: string, password: string) => ({
    OR3_DATA_DIR: dataDir,
    OR3_BOOTSTRAP_ADMIN_EMAIL: 'Boss@Example.org',
    OR3_BOOTSTRAP_ADMIN_PASSWORD: password,
  })

  it('is created at boot when missing, and left alone when present', async () => {
    const dataDir = tempDir()
    const first = createBasicAuth({ config: testConfig({ registration: 'closed' }), env: env(dataDir, STRONG_PASSWORD) })
    expect(first.service.stats().accounts).toBe(1)
    first.close()
    // A later boot with another password does not overwrite the account.
    const second = createBasicAuth({ config: testConfig(), env: env(dataDir, 'another strong password') })
    expect(second.service.stats().accounts).toBe(1)
    const session = await second.service.signIn({ email: 'boss@example.org', password: STRONG_PASSWORD }, { ip: 'x' })
    expect(session.account.email).toBe('boss@example.org')
    second.close()
  })

  it('refuses a weak bootstrap password at boot without echoing it', () => {
    const secret = 'weakpw'
    let message = ''
    try {
      createBasicAuth({ config: testConfig(), env: env(tempDir(), secret) })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/OR3_BOOTSTRAP_ADMIN_PASSWORD is not accepted: Use at least 10 characters/)
    expect(message).not.toContain(secret)
  })

  it('needs the email when the password is set', () => {
    expect(() =>
      createBasicAuth({ config: testConfig(), env: { OR3_DATA_DIR: tempDir(), OR3_BOOTSTRAP_ADMIN_PASSWORD: STRONG_PASSWORD } }),
    ).toThrow(/OR3_BOOTSTRAP_ADMIN_EMAIL is not/)
  })
})
