import { afterEach, describe, expect, it } from 'vitest'
import { createPostgresAdminAdapter, LATEST_SCHEMA_VERSION, type PostgresDatabase } from '../src/runtime/index'
import { disposeTestDatabase, openTestDatabase } from './support/test-database'

const owned: PostgresDatabase[] = []
afterEach(async () => {
  for (const db of owned.splice(0)) await disposeTestDatabase(db)
})

describe('postgres admin adapter', () => {
  it('reports where the database is, its server and schema versions and its size', async () => {
    const db = await openTestDatabase()
    owned.push(db)
    const status = await createPostgresAdminAdapter({ db }).getStatus()
    expect(status).toMatchObject({ id: 'postgres', kind: 'postgres', configured: true, healthy: true, warnings: [] })
    expect(status.details).toMatchObject({ schema: db.schema, schemaVersion: LATEST_SCHEMA_VERSION, database: 'postgres' })
    expect(String(status.details?.serverVersion)).toMatch(/^\d+\.\d+/)
    expect(status.details?.sizeBytes).toBeGreaterThan(0)
  })

  it('warns when the schema is not the one this release expects', async () => {
    const db = await openTestDatabase()
    owned.push(db)
    await db.sql`DELETE FROM schema_migrations WHERE version = ${LATEST_SCHEMA_VERSION}`
    const status = await createPostgresAdminAdapter({ db }).getStatus()
    expect(status.healthy).toBe(false)
    expect(status.warnings).toEqual([`The schema is at version ${LATEST_SCHEMA_VERSION - 1}; this release expects ${LATEST_SCHEMA_VERSION}.`])
  })
})
