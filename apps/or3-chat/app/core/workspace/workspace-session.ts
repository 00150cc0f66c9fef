import Dexie, { type DexieOptions } from 'dexie'
import { createHybridLogicalClock } from '../db/hlc'
import { createLocalWriter, type LocalWriter } from '../db/local-writes'
import { ensureDeviceId } from '../db/sync-state'
import { databaseNameFor, openWorkspaceDatabase, type WorkspaceDatabase } from '../db/workspace-database'
import { createByteTransport } from '../storage/send-bytes'
import { createStorageQueue, type StorageQueue } from '../storage/storage-queue'
import { resolveStorageProvider, resolveSyncProvider, type ProviderChoice } from '../sync/resolve-sync-provider'
import type { Scheduler } from '../scheduling/scheduler'
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../sync/sync-engine'

/** Everything the UI reads and writes for the open workspace (or for local-only mode). */
export interface WorkspaceSession {
  /** null in local-only mode. */
  readonly workspaceId: string | null
  readonly deviceId: string
  readonly db: WorkspaceDatabase
  /** The only way to change synced rows. */
  readonly writer: LocalWriter
  /** null in local-only mode or when the server has sync off. */
  readonly sync: SyncEngine | null
  /** null in local-only mode or when the server has storage off. */
  readonly storage: StorageQueue | null
  /** Stops sync, cancels transfers and closes the database. */
  close(): Promise<void>
}

export interface WorkspaceSessionOptions {
  syncEnabled: boolean
  storageEnabled: boolean
  sync?: ProviderChoice
  storage?: ProviderChoice
  scheduler?: Scheduler
  /** Engine tuning (poll interval, backoff, ...). */
  engine?: Partial<Pick<SyncEngineOptions, 'pollIntervalMs' | 'pushDelayMs' | 'backoff' | 'pullPageSize' | 'snapshotPageSize'>>
  /** Tests: keep two simulated devices apart, run on fake-indexeddb. */
  databaseName?(workspaceId: string | null): string
  dexie?: DexieOptions
  /** An id to use when this database has none yet (tests); otherwise one is generated. */
  deviceId?: string
}

export async function openWorkspaceSession(workspaceId: string | null, options: WorkspaceSessionOptions): Promise<WorkspaceSession> {
  const db = await openWorkspaceDatabase(workspaceId, { ...options.dexie, name: options.databaseName?.(workspaceId) })
  const deviceId = await ensureDeviceId(db, options.deviceId)
  const now = options.scheduler ? options.scheduler.now : Date.now
  const hlc = createHybridLogicalClock(deviceId, now)
  const cloud = workspaceId !== null

  const syncProvider = cloud && options.syncEnabled ? resolveSyncProvider(workspaceId, options.sync) : null
  const sync = syncProvider
    ? createSyncEngine({ db, workspaceId: workspaceId!, deviceId, provider: syncProvider, hlc, scheduler: options.scheduler, ...options.engine })
    : null
  const writer = createLocalWriter({ db, deviceId, hlc, capture: sync !== null, now, onCaptured: () => sync?.notifyLocalWrite() })
  const storage =
    cloud && options.storageEnabled
      ? createStorageQueue({
          db,
          workspaceId,
          provider: resolveStorageProvider(options.storage),
          transport: createByteTransport(options.storage?.gateway),
          writer,
          scheduler: options.scheduler,
        })
      : null

  sync?.start()
  await storage?.resume()

  return {
    workspaceId,
    deviceId,
    db,
    writer,
    sync,
    storage,
    async close() {
      sync?.stop()
      storage?.cancelAll()
      syncProvider?.dispose?.()
      db.close()
    },
  }
}

/** Removes a workspace's local database (after the workspace itself was deleted). */
export async function deleteWorkspaceDatabase(workspaceId: string, options: Pick<WorkspaceSessionOptions, 'databaseName' | 'dexie'> = {}): Promise<void> {
  await new Dexie(options.databaseName?.(workspaceId) ?? databaseNameFor(workspaceId), options.dexie).delete()
}
