import { MAX_TITLE_SOURCE_CHARS, type ChatTitleRequest } from 'or3-provider-kit'
import { listMessages } from '../db/queries'
import type { MessageRow, ThreadRow } from '../db/synced-rows'
import { titleFromMessage, type ChatWriteContext } from './thread-writes'

/** Asks the server for a title; null when it has none (titles off, the model failed). */
export type TitleRequester = (request: ChatTitleRequest) => Promise<string | null>

/**
 * After a thread's first answer completed: asks for a generated title and writes it, but only
 * while the thread still shows its placeholder (see ThreadRow's `title_source`). A rename, on
 * this device or synced from another, before or while the title is asked for, always wins: the
 * check and the write are one transaction, and a rename that arrives later outranks this write
 * (renameThread). Never throws: a title is a nicety, its failure must not touch the chat.
 * Returns the title written, or null.
 */
export async function titleThreadAfterFirstAnswer(
  context: ChatWriteContext,
  input: { threadId: string; answerId: string },
  requestTitle: TitleRequester,
): Promise<string | null> {
  try {
    const source = await firstExchange(context, input)
    if (!source) return null
    const title = await requestTitle({
      model: source.answer.model!,
      question: source.question.content.slice(0, MAX_TITLE_SOURCE_CHARS),
      answer: source.answer.content.slice(0, MAX_TITLE_SOURCE_CHARS),
    })
    if (!title) return null
    return await context.writer.batch(async (writer) => {
      const thread = await context.db.threads.get(input.threadId)
      if (!thread || !showsPlaceholder(thread, source.question)) return null
      await writer.patch('threads', input.threadId, { title, title_source: 'generated' })
      return title
    })
  } catch {
    return null
  }
}

/** The thread's first question and answer, when `answerId` is that answer, complete, and the thread still wants a title. */
async function firstExchange(
  context: ChatWriteContext,
  input: { threadId: string; answerId: string },
): Promise<{ question: MessageRow; answer: MessageRow } | null> {
  const thread = await context.db.threads.get(input.threadId)
  if (!thread || thread.deleted) return null
  const messages = await listMessages(context.db, input.threadId)
  const question = messages.find((message) => message.role === 'user')
  const answer = messages.find((message) => message.role === 'assistant')
  if (!question || !answer || answer.id !== input.answerId) return null
  if (answer.status !== 'complete' || !answer.model || !question.content.trim()) return null
  return showsPlaceholder(thread, question) ? { question, answer } : null
}

/**
 * Still the placeholder its first message gave it. The title is compared too: a device that
 * predates `title_source` renames without changing it, and its rename must win all the same.
 */
function showsPlaceholder(thread: ThreadRow, question: MessageRow): boolean {
  return !thread.deleted && thread.title_source === 'placeholder' && thread.title === titleFromMessage(question.content)
}
