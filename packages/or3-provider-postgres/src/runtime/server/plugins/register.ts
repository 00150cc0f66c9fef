import { defineNitroPlugin } from 'nitropack/runtime'
import {
  getServerRegistries,
  registerAdminAdapter,
  registerBackgroundJobStore,
  registerNotificationEmitter,
  registerRateLimitStore,
  registerSyncGateway,
  registerWorkspaceStore,
  type ProviderFactoryContext,
} from 'or3-provider-kit/server'
import { createPostgresAdminAdapter } from '../admin-adapter'
import { createPostgresBackgroundJobStore } from '../background-job-store'
import { createDatabase, resolvePostgresSettings, type PostgresDatabase } from '../database'
import { createPostgresNotificationEmitter } from '../notification-emitter'
import { createPostgresRateLimitStore } from '../rate-limit-store'
import { createRemovedWorkspacePurge } from '../removed-workspace-purge'
import { createPostgresSyncGateway } from '../sync-gateway'
import { createPostgresWorkspaceStore } from '../workspace-store'

const PROVIDER_ID = 'postgres'
const PURGE_EVERY_MS = 60 * 60 * 1000

/**
 * Registers every PostgreSQL implementation under 'postgres'. They share one pool, created when
 * core resolves the first of them at boot (the schema is migrated before the first query), and
 * closed with the server. Removed workspaces are purged at boot and then hourly; on several
 * instances each runs the purge, which is harmless (one transaction, rows locked).
 */
export default defineNitroPlugin((nitroApp) => {
  let db: PostgresDatabase | null = null
  let purgeTimer: ReturnType<typeof setInterval> | null = null

  function database({ config, env }: ProviderFactoryContext): PostgresDatabase {
    if (db) return db
    const opened = createDatabase(resolvePostgresSettings(env))
    db = opened
    const purge = createRemovedWorkspacePurge({ db: opened, retentionMs: config.sync.retentionMs })
    const runPurge = () =>
      purge().catch((error: unknown) => console.error('[or3-provider-postgres] purging removed workspaces failed:', error))
    // Migrates at boot, so a database that cannot be used is reported now rather than on the first request.
    opened.ready().then(runPurge, (error: unknown) => console.error('[or3-provider-postgres] preparing the database failed:', error))
    purgeTimer = setInterval(runPurge, PURGE_EVERY_MS)
    purgeTimer.unref?.()
    return opened
  }

  registerWorkspaceStore(PROVIDER_ID, (ctx) => createPostgresWorkspaceStore({ db: database(ctx) }))
  registerSyncGateway(PROVIDER_ID, (ctx) =>
    createPostgresSyncGateway({ db: database(ctx), retentionMs: ctx.config.sync.retentionMs }),
  )
  registerRateLimitStore(PROVIDER_ID, (ctx) => createPostgresRateLimitStore({ db: database(ctx) }))
  registerBackgroundJobStore(PROVIDER_ID, (ctx) => createPostgresBackgroundJobStore({ db: database(ctx) }))
  // Through the registered gateway, so a notification is one more push on the same pool.
  registerNotificationEmitter(PROVIDER_ID, (ctx) =>
    createPostgresNotificationEmitter({ db: database(ctx), gateway: getServerRegistries().sync.resolve(PROVIDER_ID, ctx) }),
  )
  registerAdminAdapter(PROVIDER_ID, (ctx) => createPostgresAdminAdapter({ db: database(ctx) }))

  nitroApp.hooks.hook('close', async () => {
    if (purgeTimer) clearInterval(purgeTimer)
    purgeTimer = null
    const closing = db
    db = null
    await closing?.close()
  })
})
