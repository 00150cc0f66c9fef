import { isProviderError } from 'or3-provider-kit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  openDatabase,
  readSchemaVersion,
  resolvePostgresSettings,
  type PostgresDatabase,
} from '../src/runtime/index'
import { clusterConnection, createTestDatabase, disposeTestDatabase, freshSchemaName, openTestDatabase } from './support/test-database'

const owned: PostgresDatabase[] = []
const extra: PostgresDatabase[] = []
afterEach(async () => {
  for (const db of extra.splice(0)) await db.close()
  for (const db of owned.splice(0)) await disposeTestDatabase(db)
})

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected it to fail')
}

describe('database', () => {
  it('records every migration in schema_migrations, once, however many instances open it', async () => {
    const schema = freshSchemaName()
    // Four instances starting together on a new schema: the advisory lock runs each migration once.
    const dbs = await Promise.all([1, 2, 3, 4].map(() => openTestDatabase(schema, 2)))
    owned.push(dbs[0]!)
    extra.push(...dbs.slice(1))
    const rows = await dbs[0]!.sql`SELECT version, name FROM schema_migrations ORDER BY version`
    expect([...rows], 'one row per migration').toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })))
    expect(await readSchemaVersion(dbs[0]!.sql, schema)).toBe(LATEST_SCHEMA_VERSION)
  })

  it('brings a schema written by an older release up to date, keeping its data', async () => {
    const old = createTestDatabase()
    owned.push(old)
    await old.sql`CREATE SCHEMA ${old.sql(old.schema)}`
    await old.sql`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`
    await old.sql.unsafe(MIGRATIONS[0]!.sql).simple()
    await old.sql`INSERT INTO schema_migrations VALUES (${MIGRATIONS[0]!.version}, ${MIGRATIONS[0]!.name}, 1)`
    await old.sql`INSERT INTO users (id, provider, provider_user_id, created_at) VALUES ('u1', 'p', 'x', 1)`

    await old.ready()
    expect(await readSchemaVersion(old.sql, old.schema), 'the missing migrations ran').toBe(LATEST_SCHEMA_VERSION)
    expect([...(await old.sql`SELECT id FROM users`)], 'existing data is kept').toEqual([{ id: 'u1' }])
    expect((await old.sql`SELECT to_regclass('sync_changes') AS t`)[0]?.t, 'later tables exist').toBe('sync_changes')
  })

  it('refuses a schema newer than this release knows, with a sentence saying what to do', async () => {
    const db = await openTestDatabase()
    owned.push(db)
    await db.sql`INSERT INTO schema_migrations VALUES (${LATEST_SCHEMA_VERSION + 1}, 'from-the-future', 1)`
    const error = await caught(openDatabase({ connection: clusterConnection(), schema: db.schema, max: 1 }))
    expect(isProviderError(error), 'a ProviderError, not a crash deeper in').toBe(true)
    expect((error as Error).message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 1}`)
    expect((error as Error).message).toContain('upgrade or3-provider-postgres')
  })

  it('migrates as a role that owns only its schema (no CREATE on the database)', async () => {
    const admin = await openTestDatabase()
    owned.push(admin)
    const role = `${admin.schema}_app`
    const schema = `${admin.schema}_own`
    await admin.sql`CREATE ROLE ${admin.sql(role)} LOGIN`
    await admin.sql`CREATE SCHEMA ${admin.sql(schema)} AUTHORIZATION ${admin.sql(role)}`
    try {
      const db = await openDatabase({ connection: { ...clusterConnection(), user: role }, schema, max: 1 })
      try {
        expect(await readSchemaVersion(db.sql, schema)).toBe(LATEST_SCHEMA_VERSION)
      } finally {
        await db.close()
      }
    } finally {
      await admin.sql`DROP SCHEMA ${admin.sql(schema)} CASCADE`
      await admin.sql`DROP ROLE ${admin.sql(role)}`
    }
  })

  it('keeps times and versions as numbers', async () => {
    const db = await openTestDatabase()
    owned.push(db)
    const at = Date.UTC(2026, 0, 1)
    await db.sql`INSERT INTO users (id, provider, provider_user_id, created_at) VALUES ('u1', 'p', 'x', ${at})`
    const [row] = await db.sql`SELECT created_at, (SELECT COUNT(*) FROM users) AS n FROM users`
    expect(row).toEqual({ created_at: at, n: 1 })
  })

  it('reads its settings from the environment, and says which one is wrong', () => {
    expect(resolvePostgresSettings({ OR3_POSTGRES_URL: 'postgres://or3@db/or3' })).toEqual({ url: 'postgres://or3@db/or3', schema: 'public' })
    expect(resolvePostgresSettings({ OR3_POSTGRES_URL: 'postgres://db/or3', OR3_POSTGRES_SCHEMA: 'or3_app', OR3_POSTGRES_POOL_MAX: '20' })).toEqual({
      url: 'postgres://db/or3',
      schema: 'or3_app',
      max: 20,
    })
    expect(() => resolvePostgresSettings({})).toThrow('Set OR3_POSTGRES_URL')
    expect(() => resolvePostgresSettings({ OR3_POSTGRES_URL: 'postgres://db/or3', OR3_POSTGRES_SCHEMA: 'Robert"; DROP' })).toThrow(
      'OR3_POSTGRES_SCHEMA must be',
    )
    expect(() => resolvePostgresSettings({ OR3_POSTGRES_URL: 'postgres://db/or3', OR3_POSTGRES_POOL_MAX: 'lots' })).toThrow(
      'OR3_POSTGRES_POOL_MAX must be',
    )
  })
})
