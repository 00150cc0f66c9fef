import Dexie, { type DexieOptions, type EntityTable } from 'dexie'
import type { SyncedTable } from 'or3-provider-kit'
import { createChangeFeed, type ChangeFeed } from './change-feed'
import type {
  FileBlobRow,
  FileMetaRow,
  KvRow,
  MessageRow,
  NotificationRow,
  PendingOpRow,
  PostRow,
  ProjectRow,
  SyncStateRow,
  SyncedRow,
  ThreadRow,
  TransferRow,
} from './synced-rows'
import { withDeviceFields } from './row-payload'
import { markTransaction, syncedWriteGuard } from './write-guard'

/** The database of local-only mode (no account, nothing syncs). */
export const LOCAL_DATABASE_NAME = 'or3-local'

/** One IndexedDB database per workspace, so switching workspace never mixes rows or cursors. */
export function databaseNameFor(workspaceId: string | null): string {
  return workspaceId === null ? LOCAL_DATABASE_NAME : `or3-ws-${workspaceId}`
}

/**
 * The schema, versioned. Never edit a released version: add `this.version(n + 1)` with the new
 * stores (and an upgrade function when rows must change), so existing devices migrate.
 *
 * Indexed for the UI's queries: the sidebar's threads, pinned ones on top, then by last
 * activity ([pinned+activity_at], read backwards a page at a time), threads of a project,
 * messages of a thread in order ([thread_id+index]; the chat builds its tree of versions from them), title prefix
 * search (title), a message's generation job (job_id), archived threads (archived_at: IndexedDB
 * leaves rows whose value is null or absent out of an index, so it holds only archived ones).
 */
const SCHEMA_V1 = {
  threads: 'id, updated_at, [pinned+updated_at], project_id, last_message_at, title',
  messages: 'id, [thread_id+index], thread_id, job_id, updated_at',
  projects: 'id, updated_at, name',
  posts: 'id, updated_at, post_type',
  kv: 'name, updated_at',
  file_meta: 'hash, updated_at, kind',
  notifications: 'id, created_at, read_at',
  pending_ops: '++seq, [table_name+pk]',
  sync_state: 'key',
  file_blobs: 'hash',
  transfers: 'id, status, direction',
} as const

/** v2: the sidebar pages by activity ([pinned+activity_at]) instead of reading up to 1,000 rows. */
const SCHEMA_V2 = {
  ...SCHEMA_V1,
  threads: 'id, updated_at, [pinned+activity_at], project_id, last_message_at, title',
} as const

/** v3: archived threads leave the sidebar and are listed by when they were archived. */
const SCHEMA_V3 = {
  ...SCHEMA_V2,
  threads: 'id, updated_at, [pinned+activity_at], project_id, last_message_at, title, archived_at',
} as const

/** The stores of the newest version (the benchmark's reference client uses the same). */
export const WORKSPACE_SCHEMA: Readonly<Record<string, string>> = SCHEMA_V3

export class WorkspaceDatabase extends Dexie {
  threads!: EntityTable<ThreadRow, 'id'>
  messages!: EntityTable<MessageRow, 'id'>
  projects!: EntityTable<ProjectRow, 'id'>
  posts!: EntityTable<PostRow, 'id'>
  kv!: EntityTable<KvRow, 'name'>
  file_meta!: EntityTable<FileMetaRow, 'hash'>
  notifications!: EntityTable<NotificationRow, 'id'>
  pending_ops!: EntityTable<PendingOpRow, 'seq'>
  sync_state!: EntityTable<SyncStateRow, 'key'>
  file_blobs!: EntityTable<FileBlobRow, 'hash'>
  transfers!: EntityTable<TransferRow, 'id'>

  /** The workspace this database belongs to; null in local-only mode. */
  readonly workspaceId: string | null
  /** Bulk work and local writes, for live queries (change-feed.ts). */
  readonly changeFeed: ChangeFeed = createChangeFeed()

  constructor(workspaceId: string | null, options?: DexieOptions & { name?: string }) {
    super(options?.name ?? databaseNameFor(workspaceId), options)
    this.workspaceId = workspaceId
    this.version(1).stores(SCHEMA_V1)
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        // A device-only field derived from the row: nothing to capture or sync.
        markTransaction(tx, 'remote')
        await tx
          .table<ThreadRow, string>('threads')
          .toCollection()
          .modify((row) => void withDeviceFields('threads', row))
      })
    // A new index only: no thread was archived before this version.
    this.version(3).stores(SCHEMA_V3)
    this.use(syncedWriteGuard)
  }

  /** Typed access to a synced table by its wire name. */
  syncedTable(table: SyncedTable): Dexie.Table<SyncedRow, string> {
    return this.table(table) as Dexie.Table<SyncedRow, string>
  }
}

/**
 * Opens (creating on first use) the database of a workspace. Tests pass `name` to keep two
 * simulated devices apart, and `indexedDB`/`IDBKeyRange` to run without a browser.
 */
export async function openWorkspaceDatabase(
  workspaceId: string | null,
  options?: DexieOptions & { name?: string },
): Promise<WorkspaceDatabase> {
  const db = new WorkspaceDatabase(workspaceId, options)
  await db.open()
  return db
}
