import { listMessages } from '../db/queries'
import type { RowInput } from '../db/local-writes'
import type { MessageRow } from '../db/synced-rows'
import { buildMessageTree, pathTo } from './message-branches'
import { MAX_TITLE_CHARS, type ChatWriteContext } from './thread-writes'

/** The title of a thread branched from another: says where it came from, and stays the user's. */
export function branchTitle(title: string): string {
  const full = `Branch · ${title.trim() || 'New chat'}`
  return full.length <= MAX_TITLE_CHARS ? full : `${full.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…`
}

/** An answer still being generated is copied as stopped: the copy has no generation of its own. */
function copiedStatus(message: MessageRow): MessageRow['status'] {
  return message.status === 'pending' || message.status === 'streaming' ? 'aborted' : message.status
}

/**
 * "Branch from here": a new thread holding copies of the path the thread shows up to and
 * including `messageId` (the versions shown, nothing of the others), with the same system prompt
 * and project. Attachments are shared by hash, not copied. The copies cost nothing, so they carry
 * no token usage. Returns the new thread's id.
 */
export async function branchThreadFrom(context: ChatWriteContext, messageId: string): Promise<string> {
  const now = context.now ?? Date.now
  const newId = context.newId ?? (() => crypto.randomUUID())
  const message = await context.db.messages.get(messageId)
  if (!message || message.deleted) throw new Error('That message no longer exists')
  const source = await context.db.threads.get(message.thread_id)
  if (!source || source.deleted) throw new Error('That chat no longer exists')
  const path = pathTo(buildMessageTree(await listMessages(context.db, message.thread_id)), messageId)
  if (!path) throw new Error('That message no longer exists')

  const at = now()
  const threadId = newId()
  await context.writer.batch(async (writer) => {
    await writer.put('threads', {
      id: threadId,
      title: branchTitle(source.title),
      title_source: 'user',
      system_prompt: source.system_prompt,
      pinned: 0,
      project_id: source.project_id,
      last_message_at: at,
      created_at: at,
    })
    let parentId: string | null = null
    for (const [index, original] of path.entries()) {
      const copy: RowInput<'messages'> = {
        id: newId(),
        thread_id: threadId,
        role: original.role,
        content: original.content,
        status: copiedStatus(original),
        model: original.model,
        file_hashes: original.file_hashes,
        index,
        parent_id: parentId,
        job_id: null,
        error: original.error ?? null,
        author_user_id: original.author_user_id ?? null,
        author_name: original.author_name ?? null,
        context_left_out: original.context_left_out ?? null,
        usage: null,
        created_at: original.created_at,
      }
      await writer.put('messages', copy)
      parentId = copy.id
    }
  })
  return threadId
}
