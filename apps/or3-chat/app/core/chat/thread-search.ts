import type { WorkspaceDatabase } from '../db/workspace-database'

/** Case-insensitive, whitespace-trimmed query; '' means "no filter". */
export function normalizeQuery(query: string): string {
  return query.trim().toLocaleLowerCase()
}

export function textMatches(text: string | null | undefined, normalizedQuery: string): boolean {
  return normalizedQuery !== '' && (text ?? '').toLocaleLowerCase().includes(normalizedQuery)
}

/**
 * Ids of the threads whose title or any live message contains the query. Everything is on the
 * device, so the search works offline; messages are scanned (no full-text index in IndexedDB),
 * which is fine for the thousands of messages a person keeps.
 */
export async function findThreadIdsMatching(db: WorkspaceDatabase, query: string): Promise<Set<string>> {
  const needle = normalizeQuery(query)
  const ids = new Set<string>()
  if (!needle) return ids
  await db.threads.each((thread) => {
    if (!thread.deleted && textMatches(thread.title, needle)) ids.add(thread.id)
  })
  await db.messages.each((message) => {
    if (!message.deleted && !ids.has(message.thread_id) && textMatches(message.content, needle)) ids.add(message.thread_id)
  })
  return ids
}
