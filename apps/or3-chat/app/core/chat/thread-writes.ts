import type { LocalWriter, RowInput } from '../db/local-writes'
import { listMessages } from '../db/queries'
import type { MessageRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { authorFields, type MessageAuthor } from './message-author'
import { buildMessageTree, nextMessageIndex, rankAboveSiblings, shownLeaf } from './message-branches'
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

function assistantPlaceholder(
  id: string,
  threadId: string,
  placement: { index: number; parentId: string; shownAt?: number },
  model: string,
  at: number,
): RowInput<'messages'> {
  return {
    id,
    thread_id: threadId,
    role: 'assistant',
    content: '',
    status: 'pending',
    model,
    file_hashes: [],
    index: placement.index,
    parent_id: placement.parentId,
    ...(placement.shownAt === undefined ? {} : { shown_at: placement.shownAt }),
    job_id: null,
    created_at: at,
  }
}

export interface NewTurn {
  threadId: string
  userMessageId: string
  answerId: string
  answerIndex: number
}

/**
 * A user message and the empty answer that will stream into it, after the last message the
 * thread shows (message-branches.ts); creates the thread when `threadId` is null (titled after
 * the message, with `systemPrompt` when one was chosen first).
 */
export async function addUserTurn(
  context: ChatWriteContext,
  input: { threadId: string | null; text: string; fileHashes: string[]; model: string; systemPrompt?: string | null },
): Promise<NewTurn> {
  const { now, newId } = defaults(context)
  const at = now()
  const threadId = input.threadId ?? newId()
  const existing = input.threadId ? await listMessages(context.db, input.threadId) : []
  const nextIndex = nextMessageIndex(existing)
  const leaf = shownLeaf(buildMessageTree(existing))
  const userMessageId = newId()
  const answerId = newId()
  await context.writer.batch(async (writer) => {
    if (input.threadId === null) {
      await writer.put('threads', {
        id: threadId,
        title: titleFromMessage(input.text),
        title_source: 'placeholder',
        system_prompt: input.systemPrompt?.trim() || null,
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
      parent_id: leaf?.id ?? null,
      job_id: null,
      ...authorFields(context.author),
      created_at: at,
    })
    await writer.put('messages', assistantPlaceholder(answerId, threadId, { index: nextIndex + 1, parentId: userMessageId }, input.model, at))
  })
  return { threadId, userMessageId, answerId, answerIndex: nextIndex + 1 }
}

/** The live messages of the thread of `messageId`, as a tree, with that message; throws when it is gone. */
async function treeAround(context: ChatWriteContext, messageId: string, role: MessageRow['role']) {
  const message = await context.db.messages.get(messageId)
  if (!message || message.deleted || message.role !== role) throw new Error('That message no longer exists')
  const rows = await listMessages(context.db, message.thread_id)
  return { message, rows, tree: buildMessageTree(rows) }
}

/**
 * Regenerate: a new, empty version of the answer, shown instead of it; the earlier version
 * stays, one switch away. Returns the new answer's id.
 */
export async function regenerateAnswer(context: ChatWriteContext, input: { answerId: string; model: string }): Promise<NewTurn> {
  const { now, newId } = defaults(context)
  const { message, rows, tree } = await treeAround(context, input.answerId, 'assistant')
  const parentId = tree.parentOf.get(message.id) ?? null
  if (parentId === null) throw new Error('This answer has no question to answer again')
  const at = now()
  const answerId = newId()
  const index = nextMessageIndex(rows)
  const shownAt = rankAboveSiblings(tree, null, parentId, at)
  await context.writer.batch(async (writer) => {
    await writer.put('messages', assistantPlaceholder(answerId, message.thread_id, { index, parentId, shownAt }, input.model, at))
    await writer.patch('threads', message.thread_id, { last_message_at: at })
  })
  return { threadId: message.thread_id, userMessageId: parentId, answerId, answerIndex: index }
}

/**
 * Edit-and-resend: the new text becomes a new version of the user message (with its
 * attachments), shown instead of it and answered afresh. The earlier version and everything
 * after it stay, one switch away.
 */
export async function editUserMessage(
  context: ChatWriteContext,
  input: { messageId: string; text: string; model: string },
): Promise<NewTurn> {
  const { now, newId } = defaults(context)
  const { message, rows, tree } = await treeAround(context, input.messageId, 'user')
  const parentId = tree.parentOf.get(message.id) ?? null
  const at = now()
  const userMessageId = newId()
  const answerId = newId()
  const index = nextMessageIndex(rows)
  await context.writer.batch(async (writer) => {
    await writer.put('messages', {
      id: userMessageId,
      thread_id: message.thread_id,
      role: 'user',
      content: input.text,
      status: 'complete',
      model: null,
      file_hashes: message.file_hashes,
      index,
      parent_id: parentId,
      shown_at: rankAboveSiblings(tree, null, parentId, at),
      job_id: null,
      // The new words are the editor's.
      ...authorFields(context.author),
      created_at: at,
    })
    await writer.put('messages', assistantPlaceholder(answerId, message.thread_id, { index: index + 1, parentId: userMessageId }, input.model, at))
    await writer.patch('threads', message.thread_id, { last_message_at: at })
  })
  return { threadId: message.thread_id, userMessageId, answerId, answerIndex: index + 1 }
}

/**
 * Shows another version of a message (the `‹ 2/3 ›` switcher): the thread continues from it, on
 * every device. Only that row is written, so switching never touches another version.
 */
export async function showVersion(context: ChatWriteContext, messageId: string): Promise<void> {
  const { now } = defaults(context)
  const message = await context.db.messages.get(messageId)
  if (!message || message.deleted) throw new Error('That version no longer exists')
  const tree = buildMessageTree(await listMessages(context.db, message.thread_id))
  const parentId = tree.parentOf.get(message.id) ?? null
  await context.writer.patch('messages', message.id, { shown_at: rankAboveSiblings(tree, message.id, parentId, now()) })
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
