import { sumTokenUsage, type TokenUsage } from '#shared/chat-stream/token-usage'
import type { MessageRow, ThreadRow } from './synced-rows'
import type { WorkspaceDatabase } from './workspace-database'

/** The reads the chat UI needs, each on its index (workspace-database.ts). Tombstones are hidden. */

const byPinnedThenActivity = (a: ThreadRow, b: ThreadRow) => b.pinned - a.pinned || (b.activity_at ?? 0) - (a.activity_at ?? 0)

/** Live threads by id, in the sidebar's order (e.g. the threads a search found). */
export async function threadsById(db: WorkspaceDatabase, ids: Iterable<string>): Promise<ThreadRow[]> {
  const rows = await db.threads.bulkGet([...ids])
  return rows.filter((row): row is ThreadRow => row !== undefined && !row.deleted).sort(byPinnedThenActivity)
}

/** Archived threads, the most recently archived first (tombstones keep no archived_at). */
export function listArchivedThreads(db: WorkspaceDatabase): Promise<ThreadRow[]> {
  return db.threads.orderBy('archived_at').reverse().toArray()
}

/** A thread's messages in order ([thread_id+index]). */
export function listMessages(db: WorkspaceDatabase, threadId: string): Promise<MessageRow[]> {
  return db.messages
    .where('[thread_id+index]')
    .between([threadId, -Infinity], [threadId, Infinity])
    .filter((row) => !row.deleted)
    .toArray()
}

/** The tokens all of a thread's answers cost, as reported (the chat view opens on a page, so this reads the thread's index). */
export async function threadTokenUsage(db: WorkspaceDatabase, threadId: string): Promise<TokenUsage & { answers: number }> {
  const usages: Array<TokenUsage | null | undefined> = []
  await db.messages
    .where('[thread_id+index]')
    .between([threadId, -Infinity], [threadId, Infinity])
    .each((row) => {
      if (!row.deleted && row.role === 'assistant') usages.push(row.usage)
    })
  return sumTokenUsage(usages)
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
