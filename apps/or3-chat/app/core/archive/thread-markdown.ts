import { listMessages } from '../db/queries'
import type { FileMetaRow, MessageRow, ThreadRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'

const SPEAKER: Record<MessageRow['role'], string> = { user: 'You', assistant: 'Assistant', system: 'System', tool: 'Tool' }

/**
 * A chat as Markdown, for reading or pasting elsewhere (the OR3 archive is the lossless form):
 * the title, then each message under its speaker, with the model that answered and the names
 * of attached files. Message text is Markdown already and is kept as written.
 */
export function threadToMarkdown(thread: Pick<ThreadRow, 'title' | 'system_prompt'>, messages: MessageRow[], files: Map<string, Pick<FileMetaRow, 'name'>>): string {
  const lines = [`# ${thread.title.trim() || 'New chat'}`, '']
  if (thread.system_prompt) lines.push(`> System prompt: ${thread.system_prompt.replace(/\n/g, '\n> ')}`, '')
  for (const message of messages) {
    const model = message.role === 'assistant' && message.model ? ` (${message.model})` : ''
    lines.push(`## ${SPEAKER[message.role]}${model}`, '')
    if (message.content.trim()) lines.push(message.content.trimEnd(), '')
    const attached = (message.file_hashes ?? []).map((hash) => files.get(hash)?.name ?? hash)
    if (attached.length) lines.push(...attached.map((name) => `- Attachment: ${name}`), '')
  }
  return `${lines.join('\n').trimEnd()}\n`
}

export async function exportThreadMarkdown(db: WorkspaceDatabase, threadId: string): Promise<string> {
  const thread = await db.threads.get(threadId)
  if (!thread || thread.deleted) throw new Error('This chat no longer exists, so it could not be exported')
  const messages = await listMessages(db, threadId)
  const hashes = [...new Set(messages.flatMap((message) => message.file_hashes ?? []))]
  const files = new Map((await db.file_meta.bulkGet(hashes)).filter((row) => row && !row.deleted).map((row) => [row!.hash, row!]))
  return threadToMarkdown(thread, messages, files)
}

/** A file name for a chat's export: its title, made safe, and the extension. */
export function exportFileName(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\s-]+/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60)
    .toLowerCase()
  return `${base || 'chat'}.${extension}`
}
