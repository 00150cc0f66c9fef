import type { ProviderAdminAdapter } from 'or3-provider-kit'
import { defineAdminAdapter } from 'or3-provider-kit/server'
import { readSchemaVersion } from './database'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { requireDatabase, type PostgresStoreOptions } from './store-options'

export type PostgresAdminAdapterOptions = Pick<PostgresStoreOptions, 'db'>

/** The oldest PostgreSQL major this package is tested on. */
const MIN_SERVER_VERSION_NUM = 150000

/**
 * What the admin page shows about the database: where it is (never the password), the server's
 * version, the schema's migration version and the database's size.
 */
export function createPostgresAdminAdapter(options: PostgresAdminAdapterOptions): ProviderAdminAdapter {
  const db = requireDatabase(options, 'The PostgreSQL admin adapter')

  return defineAdminAdapter({
    id: 'postgres',
    kind: 'postgres',
    unreadable: 'The PostgreSQL database cannot be reached',
    async status() {
      const { sql } = db
      const [server] = await sql<{ version_num: number; version: string; database: string; size: number }[]>`
        SELECT current_setting('server_version_num')::int AS version_num, current_setting('server_version') AS version,
               current_database() AS database, pg_database_size(current_database()) AS size`
      const schemaVersion = await readSchemaVersion(sql, db.schema)
      const warnings: string[] = []
      if (server!.version_num < MIN_SERVER_VERSION_NUM) {
        warnings.push(`The PostgreSQL server is version ${server!.version}; OR3 needs 15 or later.`)
      }
      if (schemaVersion !== LATEST_SCHEMA_VERSION) {
        warnings.push(`The schema is at version ${schemaVersion}; this release expects ${LATEST_SCHEMA_VERSION}.`)
      }
      const { host, port, max } = sql.options
      return {
        healthy: warnings.length === 0,
        warnings,
        details: {
          host: host.join(','),
          port: port.join(','),
          database: server!.database,
          schema: db.schema,
          schemaVersion,
          serverVersion: server!.version,
          sizeBytes: server!.size,
          poolMax: max,
        },
      }
    },
  })
}
