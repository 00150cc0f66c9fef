import postgres from 'postgres'
import { inject } from 'vitest'
import { createDatabase, openDatabase, type PostgresDatabase, type PostgresDatabaseOptions } from '../../src/runtime/index'

let schemas = 0

/** Connection options for the run's throwaway cluster (test/support/global-setup.ts). */
export function clusterConnection(): NonNullable<PostgresDatabaseOptions['connection']> {
  const { socketDir, port, user, database } = inject('postgres')
  return { host: socketDir, port, user, database }
}

/** A schema name no other test of this run uses. */
export function freshSchemaName(): string {
  return `t_${process.pid}_${Date.now().toString(36)}_${(schemas++).toString(36)}`
}

/** A fresh, migrated schema of its own in the test cluster: an empty OR3 database. */
export function openTestDatabase(
  schema = freshSchemaName(),
  max = 4,
  connection: PostgresDatabaseOptions['connection'] = {},
): Promise<PostgresDatabase> {
  return openDatabase({ connection: { ...clusterConnection(), ...connection }, schema, max })
}

/** Another pool on the same schema: what a second server instance would hold. */
export function openSecondPool(db: PostgresDatabase, max = 4): Promise<PostgresDatabase> {
  return openDatabase({ connection: clusterConnection(), schema: db.schema, max })
}

/** Not yet migrated: for tests of migrations themselves. */
export function createTestDatabase(schema = freshSchemaName()): PostgresDatabase {
  return createDatabase({ connection: clusterConnection(), schema, max: 2 })
}

// Drops schemas on a connection of its own, so a test may have closed (or broken) its pool.
let admin: postgres.Sql | null = null

/** Closes the pool and drops the schema. */
export async function disposeTestDatabase(db: PostgresDatabase): Promise<void> {
  await db.close()
  admin ??= postgres({ ...clusterConnection(), max: 1, idle_timeout: 1, onnotice: false })
  await admin`DROP SCHEMA IF EXISTS ${admin(db.schema)} CASCADE`
}

/**
 * A conformance factory: each instance gets a fresh schema, dropped in `cleanup`. `create` is
 * async, which the kit's harness allows.
 */
export function schemaFactory<S, I extends object>(
  make: (db: PostgresDatabase, settings: S) => I,
  connection: PostgresDatabaseOptions['connection'] = {},
) {
  const owned = new WeakMap<I, PostgresDatabase>()
  return {
    async create(settings: S): Promise<I> {
      const db = await openTestDatabase(undefined, undefined, connection)
      const instance = make(db, settings)
      owned.set(instance, db)
      return instance
    },
    async cleanup(instance: I) {
      const db = owned.get(instance)
      if (db) await disposeTestDatabase(db)
    },
  }
}
