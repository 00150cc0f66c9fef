import type { Database } from 'bun:sqlite'
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
import { createSqliteAdminAdapter } from '../admin-adapter'
import { createSqliteBackgroundJobStore } from '../background-job-store'
import { closeSharedDatabase, MEMORY_DATABASE, resolveSqlitePath, useSharedDatabase } from '../database'
import { createSqliteNotificationEmitter } from '../notification-emitter'
import { createSqliteRateLimitStore } from '../rate-limit-store'
import { createRemovedWorkspacePurge } from '../removed-workspace-purge'
import { createSqliteSyncGateway } from '../sync-gateway'
import { createSqliteWorkspaceStore } from '../workspace-store'

const PROVIDER_ID = 'sqlite'
const PURGE_EVERY_MS = 60 * 60 * 1000

/**
 * Registers every SQLite implementation under 'sqlite'. They share one connection, opened when
 * core resolves the first of them at boot, and closed with the server.
 */
export default defineNitroPlugin((nitroApp) => {
  let path: string | null = null
  let db: Database | null = null
  let purgeTimer: ReturnType<typeof setInterval> | null = null

  function database({ config, env }: ProviderFactoryContext): Database {
    if (db) return db
    path = resolveSqlitePath(env)
    db = useSharedDatabase(path)
    const purge = createRemovedWorkspacePurge({ db, retentionMs: config.sync.retentionMs })
    const runPurge = () => {
      try {
        purge()
      } catch (error) {
        console.error('[or3-provider-sqlite] purging removed workspaces failed:', error)
      }
    }
    runPurge()
    purgeTimer = setInterval(runPurge, PURGE_EVERY_MS)
    purgeTimer.unref?.()
    return db
  }

  registerWorkspaceStore(PROVIDER_ID, (ctx) => createSqliteWorkspaceStore({ db: database(ctx) }))
  registerSyncGateway(PROVIDER_ID, (ctx) =>
    createSqliteSyncGateway({ db: database(ctx), retentionMs: ctx.config.sync.retentionMs }),
  )
  registerRateLimitStore(PROVIDER_ID, (ctx) => createSqliteRateLimitStore({ db: database(ctx) }))
  registerBackgroundJobStore(PROVIDER_ID, (ctx) => createSqliteBackgroundJobStore({ db: database(ctx) }))
  // Through the registered gateway, so a notification is one more push on the same instance.
  registerNotificationEmitter(PROVIDER_ID, (ctx) =>
    createSqliteNotificationEmitter({ db: database(ctx), gateway: getServerRegistries().sync.resolve(PROVIDER_ID, ctx) }),
  )
  registerAdminAdapter(PROVIDER_ID, (ctx) => createSqliteAdminAdapter({ db: database(ctx) }))

  nitroApp.hooks.hook('close', () => {
    if (purgeTimer) clearInterval(purgeTimer)
    // An in-memory database is never in the shared map: it is this plugin's own.
    if (path === MEMORY_DATABASE) db?.close(true)
    else if (path) closeSharedDatabase(path)
    db = null
    path = null
  })
})
