import type { LocalWriter, RowInput } from '../db/local-writes'
import { listMessages } from '../db/queries'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { authorFields, type MessageAuthor } from './message-author'
import { isDefaultModelSettings, type ModelSettings } from './model-settings'

/**
 * Every change the chat makes to threads and messages, through the local writer (so it syncs).
 * Each user action is one batch: the thread never shows half of it.
 */

export const MAX_TITLE_CHARS = 80

export interface ChatWriteContext {
  db: WorkspaceDatabase
  writer: LocalWriter
  author?: MessageAuthor | null
  now?: () => number
  newId?: () => string
}

/** Markdown a title does not need: link targets, emphasis and code marks, heading and quote marks. */
function plainText(line: string): string {
  return line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`]+|~~/g, '')
    .replace(/^\s*(#{1,6}|>|[-+] )\s*/, '')
}

/** A title from the first message: its first line as plain text, shortened at a word boundary. */
export function titleFromMessage(text: string): string {
  const firstLine = plainText(text.trim().split('\n', 1)[0]!).trim().replace(/\s+/g, ' ')
  if (!firstLine) return 'New chat'
  if (firstLine.length <= MAX_TITLE_CHARS) return firstLine
  const cut = firstLine.slice(0, MAX_TITLE_CHARS)
  const space = cut.lastIndexOf(' ')
  return `${(space > MAX_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

function defaults(context: ChatWriteContext) {
  return { now: context.now ?? Date.now, newId: context.newId ?? (() => crypto.randomUUID()) }
}

function assistantPlaceholder(id: string, threadId: string, index: number, model: string, at: number): RowInput<'messages'> {
  return { id, thread_id: threadId, role: 'assistant', content: '', status: 'pending', model, file_hashes: [], index, job_id: null, created_at: at }
}

export interface NewTurn {
  threadId: string
  userMessageId: string
  answerId: string
  answerIndex: number
}

/**
 * A user message and the empty answer that will stream into it; creates the thread when
 * `threadId` is null (titled after the message).
 */
export async function addUserTurn(
  context: ChatWriteContext,
  input: { threadId: string | null; text: string; fileHashes: string[]; model: string },
): Promise<NewTurn> {
  const { now, newId } = defaults(context)
  const at = now()
  const threadId = input.threadId ?? newId()
  const existing = input.threadId ? await listMessages(context.db, input.threadId) : []
  const nextIndex = existing.reduce((max, message) => Math.max(max, message.index), -1) + 1
  const userMessageId = newId()
  const answerId = newId()
  await context.writer.batch(async (writer) => {
    if (input.threadId === null) {
      await writer.put('threads', {
        id: threadId,
        title: titleFromMessage(input.text),
        title_source: 'placeholder',
        system_prompt: null,
        pinned: 0,
        project_id: null,
        last_message_at: at,
        created_at: at,
      })
    } else {
      await writer.patch('threads', threadId, { last_message_at: at })
    }
    await writer.put('messages', {
      id: userMessageId,
      thread_id: threadId,
      role: 'user',
      content: input.text,
      status: 'complete',
      model: null,
      file_hashes: input.fileHashes,
      index: nextIndex,
      job_id: null,
      ...authorFields(context.author),
      created_at: at,
    })
    await writer.put('messages', assistantPlaceholder(answerId, threadId, nextIndex + 1, input.model, at))
  })
  return { threadId, userMessageId, answerId, answerIndex: nextIndex + 1 }
}

/** Empties an answer so it can be generated again (regenerate). */
export async function resetAnswer(context: ChatWriteContext, answerId: string, model: string): Promise<void> {
  await context.writer.patch('messages', answerId, { content: '', status: 'pending', model, job_id: null, error: null, context_left_out: null, usage: null })
}

/**
 * Edit-and-resend: the user message gets its new text, every later message is deleted, and a
 * fresh answer follows it.
 */
export async function editUserMessage(
  context: ChatWriteContext,
  input: { messageId: string; text: string; model: string },
): Promise<NewTurn> {
  const { now, newId } = defaults(context)
  const message = await context.db.messages.get(input.messageId)
  if (!message || message.deleted || message.role !== 'user') throw new Error('That message no longer exists')
  const later = (await listMessages(context.db, message.thread_id)).filter((row) => row.index > message.index)
  const answerId = newId()
  const at = now()
  await context.writer.batch(async (writer) => {
    // The new words are the editor's.
    await writer.patch('messages', message.id, { content: input.text, ...authorFields(context.author) })
    for (const row of later) await writer.softDelete('messages', row.id)
    await writer.put('messages', assistantPlaceholder(answerId, message.thread_id, message.index + 1, input.model, at))
    await writer.patch('threads', message.thread_id, { last_message_at: at })
  })
  return { threadId: message.thread_id, userMessageId: message.id, answerId, answerIndex: message.index + 1 }
}

/**
 * Marks an answer as generating, with the background job that writes it (if any) and what of the
 * earlier conversation its request left out (null: nothing).
 */
export async function markAnswerStreaming(
  context: ChatWriteContext,
  answerId: string,
  jobId: string | null,
  leftOut: { messages: number; attachments: number } | null = null,
): Promise<void> {
  await context.writer.patch('messages', answerId, { status: 'streaming', job_id: jobId, context_left_out: leftOut })
}

/**
 * The user's rename: it outranks every write of the thread made without seeing it, so a title
 * generated on another device meanwhile can never replace it, whichever reaches the server last.
 */
export async function renameThread(context: ChatWriteContext, threadId: string, title: string): Promise<void> {
  const trimmed = title.trim().slice(0, 200)
  if (trimmed) await context.writer.patch('threads', threadId, { title: trimmed, title_source: 'user' }, { outranksConcurrentWrites: true })
}

export async function setThreadPinned(context: ChatWriteContext, threadId: string, pinned: boolean): Promise<void> {
  await context.writer.patch('threads', threadId, { pinned: pinned ? 1 : 0 })
}

/** Archives a thread (it leaves the sidebar for the Archived view) or brings it back. */
export async function setThreadArchived(context: ChatWriteContext, threadId: string, archived: boolean, now = Date.now()): Promise<void> {
  await context.writer.patch('threads', threadId, { archived_at: archived ? now : null })
}

export async function setThreadSystemPrompt(context: ChatWriteContext, threadId: string, prompt: string): Promise<void> {
  await context.writer.patch('threads', threadId, { system_prompt: prompt.trim() || null })
}

/** The thread's model settings; all unset stores null (the model's defaults). */
export async function setThreadModelSettings(context: ChatWriteContext, threadId: string, settings: ModelSettings): Promise<void> {
  await context.writer.patch('threads', threadId, { model_settings: isDefaultModelSettings(settings) ? null : settings })
}

/** Deletes a thread and its messages (tombstones that sync, so every device drops them). */
export async function deleteThread(context: ChatWriteContext, threadId: string): Promise<void> {
  const messages = await listMessages(context.db, threadId)
  await context.writer.batch(async (writer) => {
    for (const message of messages) await writer.softDelete('messages', message.id)
    await writer.softDelete('threads', threadId)
  })
}
