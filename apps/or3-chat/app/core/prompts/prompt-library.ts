import type { LocalWriter } from '../db/local-writes'
import type { PostRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'

/**
 * The prompt library: saved prompts (text the composer inserts) and system-prompt presets (a
 * chat's instructions). Both are synced `posts` rows told apart by `post_type`, so they reach
 * every device of the workspace with no table of their own.
 */
export type SavedPromptKind = 'prompt' | 'system'

export const POST_TYPE_BY_KIND = { prompt: 'prompt', system: 'system-prompt' } as const satisfies Record<SavedPromptKind, string>

export interface SavedPrompt {
  id: string
  kind: SavedPromptKind
  title: string
  content: string
}

export const MAX_PROMPT_TITLE_CHARS = 120
export const MAX_PROMPT_CONTENT_CHARS = 20_000

function kindOf(postType: string): SavedPromptKind | null {
  if (postType === POST_TYPE_BY_KIND.prompt) return 'prompt'
  if (postType === POST_TYPE_BY_KIND.system) return 'system'
  return null
}

function toSavedPrompt(row: PostRow): SavedPrompt | null {
  const kind = kindOf(row.post_type)
  return kind && !row.deleted ? { id: row.id, kind, title: row.title, content: row.content } : null
}

/** Every saved prompt and preset, by title (the `post_type` index reads only these posts). */
export async function listSavedPrompts(db: WorkspaceDatabase): Promise<SavedPrompt[]> {
  const rows = await db.posts.where('post_type').anyOf(Object.values(POST_TYPE_BY_KIND)).toArray()
  return rows
    .map(toSavedPrompt)
    .filter((prompt): prompt is SavedPrompt => prompt !== null)
    .sort((a, b) => a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id))
}

export interface PromptDraft {
  /** Absent for a new prompt. */
  id?: string
  kind: SavedPromptKind
  title: string
  content: string
}

/** Why a draft cannot be saved, in words for the form; null when it can. */
export function promptDraftProblem(draft: PromptDraft): string | null {
  const title = draft.title.trim()
  if (!title) return 'Give the prompt a name, so you can find it after typing /.'
  if (title.length > MAX_PROMPT_TITLE_CHARS) return `Keep the name under ${MAX_PROMPT_TITLE_CHARS} characters.`
  if (!draft.content.trim()) return 'Write the text of the prompt.'
  if (draft.content.length > MAX_PROMPT_CONTENT_CHARS) return `Keep the prompt under ${MAX_PROMPT_CONTENT_CHARS.toLocaleString('en')} characters.`
  return null
}

/** Saves a new prompt or changes one; returns its id. */
export async function savePrompt(
  context: { db: WorkspaceDatabase; writer: LocalWriter; now?: () => number; newId?: () => string },
  draft: PromptDraft,
): Promise<string> {
  const problem = promptDraftProblem(draft)
  if (problem) throw new Error(problem)
  const fields = { title: draft.title.trim(), content: draft.content.trim(), post_type: POST_TYPE_BY_KIND[draft.kind] }
  const existing = draft.id ? await context.db.posts.get(draft.id) : undefined
  if (draft.id && existing && !existing.deleted) {
    await context.writer.patch('posts', draft.id, fields)
    return draft.id
  }
  const id = draft.id ?? (context.newId ?? (() => crypto.randomUUID()))()
  await context.writer.put('posts', { id, ...fields, created_at: (context.now ?? Date.now)() })
  return id
}

export function deletePrompt(writer: LocalWriter, id: string): Promise<void> {
  return writer.softDelete('posts', id)
}

/**
 * What the user is looking for when the composer holds `/` and a word (`/summ`): that word, or
 * '' for a lone `/`. Null once it is anything else (a space, a second line, text before it), so a
 * message that merely starts with a path is written as usual.
 */
export function slashQuery(text: string): string | null {
  const match = /^\/(\S*)$/.exec(text)
  return match ? match[1]! : null
}

/** The prompts a slash query picks: names starting with it first, then names containing it. */
export function matchPrompts(prompts: readonly SavedPrompt[], query: string): SavedPrompt[] {
  const wanted = query.toLowerCase()
  const starts: SavedPrompt[] = []
  const contains: SavedPrompt[] = []
  for (const prompt of prompts) {
    const title = prompt.title.toLowerCase()
    if (title.startsWith(wanted)) starts.push(prompt)
    else if (title.includes(wanted)) contains.push(prompt)
  }
  return [...starts, ...contains]
}
