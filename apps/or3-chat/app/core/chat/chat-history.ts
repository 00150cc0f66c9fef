import type { ChatStreamRequest } from 'or3-provider-kit'
import type { MessageRow } from '../db/synced-rows'
import { userMessageContent, type AttachmentForModel } from './attachment-parts'

export type WireChatMessage = ChatStreamRequest['messages'][number]

export interface ChatHistoryInput {
  systemPrompt: string | null
  /** The thread's live messages in order. */
  messages: readonly MessageRow[]
  /** The answer being generated: only messages before it are sent. */
  answerIndex: number
  /** The attached files of a user message; files missing on this device are left out. */
  loadAttachments(hashes: readonly string[]): Promise<AttachmentForModel[]>
}

/** Whether an earlier answer belongs in the conversation the model sees. */
function isUsableAnswer(message: MessageRow): boolean {
  if (message.content.trim() === '') return false
  // A stopped answer was read by the user, so it is context; a failed one is noise.
  return message.status === 'complete' || message.status === 'aborted'
}

/**
 * The conversation sent to the model for the answer at `answerIndex`: the thread's system prompt,
 * then every user turn (with its attachments) and every usable answer before it.
 */
export async function buildChatHistory(input: ChatHistoryInput): Promise<WireChatMessage[]> {
  const history: WireChatMessage[] = []
  const systemPrompt = input.systemPrompt?.trim()
  if (systemPrompt) history.push({ role: 'system', content: systemPrompt })
  for (const message of input.messages) {
    if (message.deleted || message.index >= input.answerIndex) continue
    if (message.role === 'user') {
      const attachments = message.file_hashes.length ? await input.loadAttachments(message.file_hashes) : []
      history.push({ role: 'user', content: await userMessageContent(message.content, attachments) })
    } else if (message.role === 'assistant' && isUsableAnswer(message)) {
      history.push({ role: 'assistant', content: message.content })
    }
  }
  return history
}
