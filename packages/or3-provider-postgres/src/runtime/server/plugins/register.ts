import { defineNitroPlugin } from 'nitropack/runtime'
import { registerSyncGateway, type ProviderFactoryContext } from 'or3-provider-kit/server'
import { createDatabase, resolvePostgresSettings, type PostgresDatabase } from '../database'
import { createPostgresSyncGateway } from '../sync-gateway'

const PROVIDER_ID = 'postgres'

/**
 * Registers every PostgreSQL implementation under 'postgres'. They share one pool, created when
 * core resolves the first of them at boot (the schema is migrated before the first query), and
 * closed with the server.
 */
export default defineNitroPlugin((nitroApp) => {
  let db: PostgresDatabase | null = null

  function database({ env }: ProviderFactoryContext): PostgresDatabase {
    if (db) return db
    db = createDatabase(resolvePostgresSettings(env))
    // Migrate at boot, so a database that cannot be used is reported now rather than on the first request.
    db.ready().catch((error: unknown) => console.error('[or3-provider-postgres] preparing the database failed:', error))
    return db
  }

  registerSyncGateway(PROVIDER_ID, (ctx) =>
    createPostgresSyncGateway({ db: database(ctx), retentionMs: ctx.config.sync.retentionMs }),
  )

  nitroApp.hooks.hook('close', async () => {
    const closing = db
    db = null
    await closing?.close()
  })
})
