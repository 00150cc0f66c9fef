import type { WorkspaceDatabase } from '../db/workspace-database'

/** Case-insensitive, whitespace-trimmed query; '' means "no filter". */
export function normalizeQuery(query: string): string {
  return query.trim().toLocaleLowerCase()
}

export function textMatches(text: string | null | undefined, normalizedQuery: string): boolean {
  return normalizedQuery !== '' && (text ?? '').toLocaleLowerCase().includes(normalizedQuery)
}

/**
 * A text cut around its first match, in three plain-text parts. The view shows them with text
 * interpolation (the match in a <mark>), never as HTML, so message text cannot inject markup.
 */
export interface MatchParts {
  before: string
  match: string
  after: string
}

/** Characters of context kept around the match in a message snippet: little before, so the match shows in a narrow sidebar. */
const SNIPPET_BEFORE = 12
const SNIPPET_AFTER = 80

/**
 * `text` split around the first case-insensitive match of `normalizedQuery`, or null when there
 * is none. With `context`, whitespace is collapsed and the text is cut to that many characters
 * around the match, with an ellipsis where it was cut.
 */
export function splitOnMatch(text: string, normalizedQuery: string, context?: { before: number; after: number }): MatchParts | null {
  const flat = context ? text.replace(/\s+/g, ' ').trim() : text
  const lower = flat.toLocaleLowerCase()
  const at = lower.indexOf(normalizedQuery)
  // Lower-casing can change a string's length (e.g. 'İ'); then indices no longer line up.
  if (!normalizedQuery || at === -1 || lower.length !== flat.length) return null
  const end = at + normalizedQuery.length
  if (!context) return { before: flat.slice(0, at), match: flat.slice(at, end), after: flat.slice(end) }
  const from = Math.max(0, at - context.before)
  const to = Math.min(flat.length, end + context.after)
  return {
    before: (from > 0 ? '…' : '') + flat.slice(from, at),
    match: flat.slice(at, end),
    after: flat.slice(end, to) + (to < flat.length ? '…' : ''),
  }
}

/** A thread the search found, with the snippet of its first matching message (null: only the title matched). */
export type ThreadMatches = Map<string, MatchParts | null>

/**
 * The threads whose title or any live message contains the query, each with a snippet of its
 * first matching message. Everything is on the device, so the search works offline; messages
 * are scanned (no full-text index in IndexedDB), which is fine for the thousands of messages a
 * person keeps. A message may outlive its deleted thread until its own tombstone arrives: the
 * caller reads the threads (threadsById), which leaves deleted ones out.
 */
export async function findThreadMatches(db: WorkspaceDatabase, query: string): Promise<ThreadMatches> {
  const needle = normalizeQuery(query)
  const found: ThreadMatches = new Map()
  if (!needle) return found
  await db.threads.each((thread) => {
    if (!thread.deleted && textMatches(thread.title, needle)) found.set(thread.id, null)
  })
  await db.messages
    .orderBy('[thread_id+index]')
    .each((message) => {
      if (message.deleted || found.get(message.thread_id) || !textMatches(message.content, needle)) return
      found.set(message.thread_id, splitOnMatch(message.content, needle, { before: SNIPPET_BEFORE, after: SNIPPET_AFTER }))
    })
  return found
}
