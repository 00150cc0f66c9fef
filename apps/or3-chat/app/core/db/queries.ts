import type { MessageRow, ThreadRow } from './synced-rows'
import type { WorkspaceDatabase } from './workspace-database'

/** The reads the chat UI needs, each on its index (workspace-database.ts). Tombstones are hidden. */

/** Pinned threads first, then newest first ([pinned+updated_at], read backwards). */
export function listThreads(db: WorkspaceDatabase, { limit = 200, projectId }: { limit?: number; projectId?: string } = {}): Promise<ThreadRow[]> {
  if (projectId !== undefined) {
    return db.threads
      .where('project_id')
      .equals(projectId)
      .filter((row) => !row.deleted)
      .toArray()
      .then((rows) => rows.sort((a, b) => b.pinned - a.pinned || b.updated_at - a.updated_at).slice(0, limit))
  }
  return db.threads
    .orderBy('[pinned+updated_at]')
    .reverse()
    .filter((row) => !row.deleted)
    .limit(limit)
    .toArray()
}

/** A thread's messages in order ([thread_id+index]). */
export function listMessages(db: WorkspaceDatabase, threadId: string): Promise<MessageRow[]> {
  return db.messages
    .where('[thread_id+index]')
    .between([threadId, -Infinity], [threadId, Infinity])
    .filter((row) => !row.deleted)
    .toArray()
}

/** Threads whose title starts with `prefix`, ignoring case (the title index). */
export function searchThreadsByTitle(db: WorkspaceDatabase, prefix: string, limit = 50): Promise<ThreadRow[]> {
  const trimmed = prefix.trim()
  if (!trimmed) return Promise.resolve([])
  return db.threads
    .where('title')
    .startsWithIgnoreCase(trimmed)
    .filter((row) => !row.deleted)
    .limit(limit)
    .toArray()
}
