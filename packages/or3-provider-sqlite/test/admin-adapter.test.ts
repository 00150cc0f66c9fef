import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteAdminAdapter, LATEST_SCHEMA_VERSION, openDatabase } from '../src/runtime/index'
import { createTempDatabase, type TempDatabase } from './support/temp-database'

const temps: TempDatabase[] = []
afterEach(() => {
  for (const temp of temps.splice(0)) temp.dispose()
})

describe('sqlite admin adapter', () => {
  it('reports path, schema version, size and WAL for a file database', async () => {
    const temp = createTempDatabase()
    temps.push(temp)
    const status = await createSqliteAdminAdapter({ db: temp.db }).getStatus()
    expect(status).toMatchObject({ id: 'sqlite', configured: true, healthy: true, warnings: [] })
    expect(status.details).toMatchObject({ path: temp.path, schemaVersion: LATEST_SCHEMA_VERSION, walOk: true, journalMode: 'wal' })
    expect(status.details?.sizeBytes).toBeGreaterThan(0)
  })

  it('warns that an in-memory database loses everything on restart', async () => {
    const status = await createSqliteAdminAdapter({ db: openDatabase(':memory:') }).getStatus()
    expect(status.warnings.join(' ')).toContain('in memory')
    expect(status.details?.walOk).toBe(false)
  })

  it('reports a closed database as unhealthy instead of throwing', async () => {
    const db = openDatabase(':memory:')
    const admin = createSqliteAdminAdapter({ db })
    db.close()
    const status = await admin.getStatus()
    expect([status.healthy, status.warnings.length]).toEqual([false, 1])
  })
})
