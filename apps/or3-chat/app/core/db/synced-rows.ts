import type { OpError, PendingOp, SyncedTable } from 'or3-provider-kit'
import type { TokenUsage } from '#shared/chat-stream/token-usage'
import type { ModelSettings } from '../chat/model-settings'

/**
 * Row shapes of one workspace database. Synced rows are snake_case and are exactly the payloads
 * that travel in push/pull (ARCHITECTURE §6), except `op_id`, which is kept on the device only.
 */
export interface SyncFields {
  /** Per-record revision: +1 on every local write, the remote stamp's clock on a remote apply. */
  clock: number
  /** Hybrid logical clock of the last write (see hlc.ts). */
  hlc: string
  /** ms since the epoch. */
  updated_at: number
  deleted: boolean
  deleted_at: number | null
  /** opId of the write that produced this row: the last tie-breaker of last-writer-wins. Never synced. */
  op_id?: string
}

/**
 * Where a thread's title came from: `placeholder` (the first message's first line, until a
 * generated title replaces it), `generated` (the model's, after the first answer), `user` (a
 * rename, which nothing generated ever replaces). Absent on threads written before the field
 * existed: they are never given a generated title.
 */
export type ThreadTitleSource = 'placeholder' | 'generated' | 'user'

export interface ThreadRow extends SyncFields {
  id: string
  title: string
  title_source?: ThreadTitleSource
  system_prompt: string | null
  /**
   * Temperature, max tokens, top-p and reasoning effort this thread's answers use (model-settings.ts);
   * null or absent: the model's defaults. Absent on rows written before the field existed.
   */
  model_settings?: ModelSettings | null
  /** 0 or 1, not a boolean: IndexedDB can't index booleans and the thread list sorts by [pinned+updated_at]. */
  pinned: 0 | 1
  project_id: string | null
  last_message_at: number | null
  created_at: number
  /**
   * When the thread was archived; null or absent when it is not. Archived threads leave the
   * sidebar for the Archived view. Optional: rows written before archiving existed lack it, and a
   * device that does not know it keeps it in the payload (patches spread the whole row).
   */
  archived_at?: number | null
  /**
   * When the thread was last active (`last_message_at`, else `created_at`), kept on this device
   * only, for the sidebar's [pinned+activity_at] index. Tombstones and archived threads have
   * none, so that index never holds them.
   */
  activity_at?: number
}

export type MessageRole = 'user' | 'assistant' | 'system' | 'tool'
export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'error' | 'aborted'

export interface MessageRow extends SyncFields {
  id: string
  thread_id: string
  role: MessageRole
  content: string
  status: MessageStatus
  model: string | null
  file_hashes: string[]
  /** Position in the thread; messages are read in [thread_id+index] order. */
  index: number
  /** Background generation job that writes this message, when there is one. */
  job_id: string | null
  /**
   * Why the answer failed (status `error`), in words for the user, so every device and a reload
   * can show it. Absent on rows written before the field existed.
   */
  error?: string | null
  /**
   * Who wrote a user message, as the writing device's signed-in account said (a label, not proof:
   * any editor can write rows). Absent on rows written before the field existed and in
   * local-only mode; a shared workspace shows the name on other members' messages.
   */
  author_user_id?: string | null
  author_name?: string | null
  /**
   * What of the earlier conversation this answer was generated without (older messages and
   * attachments left out to fit the request), so the thread can say so. Absent or null: nothing.
   */
  context_left_out?: { messages: number; attachments: number } | null
  /**
   * Tokens the answer cost (`input`: prompt, `output`: completion), as the upstream reported
   * them. Absent or null: not reported (or written before the field existed).
   */
  usage?: TokenUsage | null
  /**
   * The message this one follows (null: the thread's first message). Versions of a message (an
   * edit, a regeneration) are rows with the same parent; see message-branches.ts and
   * docs/branches.md. Absent on rows written before branches existed or by a device that does not
   * know them: those follow the row before them in [index] order. A device that does not know the
   * field keeps it, since its patches spread the whole row.
   */
  parent_id?: string | null
  /** When this version was last switched to (ms); among versions, the highest is shown. Absent: `created_at`. */
  shown_at?: number | null
  created_at: number
}

export interface ProjectRow extends SyncFields {
  id: string
  name: string
  description: string | null
  created_at: number
}

export interface PostRow extends SyncFields {
  id: string
  title: string
  content: string
  post_type: string
  created_at: number
}

export interface KvRow extends SyncFields {
  /** The key. Secret and device-local names never leave the device (capture-policy.ts). */
  name: string
  value: unknown
}

export type FileKind = 'image' | 'pdf' | 'text' | 'audio' | 'video' | 'file'

export interface FileMetaRow extends SyncFields {
  hash: string
  name: string
  mime_type: string
  size_bytes: number
  kind: FileKind
  width: number | null
  height: number | null
  created_at: number
}

export interface NotificationRow extends SyncFields {
  id: string
  /** Whom it is for: notifications sync to the whole workspace, each member reads their own. */
  user_id?: string | null
  type: string
  title: string
  body: string | null
  thread_id: string | null
  read_at: number | null
  created_at: number
}

export interface SyncedRowByTable {
  threads: ThreadRow
  messages: MessageRow
  projects: ProjectRow
  posts: PostRow
  kv: KvRow
  file_meta: FileMetaRow
  notifications: NotificationRow
}

export type SyncedRow = SyncedRowByTable[SyncedTable]

/** The primary-key field of each synced table. */
export const PK_FIELD = {
  threads: 'id',
  messages: 'id',
  projects: 'id',
  posts: 'id',
  kv: 'name',
  file_meta: 'hash',
  notifications: 'id',
} as const satisfies { [T in SyncedTable]: keyof SyncedRowByTable[T] & string }

/** Fields a row keeps on this device only; they are stripped from every payload. */
export const DEVICE_ONLY_ROW_FIELDS = ['op_id', 'activity_at'] as const

// ------------------------------------------------------------------ local tables (never synced)

export interface PendingOpRow {
  /** Insertion order: the outbox sends the oldest first and the newest write of a row wins coalescing. */
  seq?: number
  op: PendingOp
  table_name: SyncedTable
  pk: string
  /** A per-op error the server will answer the same way every time: kept and shown, not retried. */
  error: OpError | null
  created_at: number
}

export interface SyncStateRow {
  key: 'cursor' | 'device_id' | 'last_error'
  value: unknown
}

export interface FileBlobRow {
  hash: string
  blob: Blob
  stored_at: number
}

export type TransferDirection = 'upload' | 'download'
export type TransferStatus = 'queued' | 'running' | 'done' | 'failed'

export interface TransferRow {
  /** `<direction>:<hash>`, so one blob is never moved twice at once. */
  id: string
  direction: TransferDirection
  hash: string
  name: string
  mime_type: string
  size_bytes: number
  status: TransferStatus
  attempts: number
  error: string | null
  updated_at: number
}
