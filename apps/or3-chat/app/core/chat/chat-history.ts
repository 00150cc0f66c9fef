import type { ChatStreamRequest } from 'or3-provider-kit'
import type { MessageRow } from '../db/synced-rows'
import {
  attachmentPartBytes,
  leftOutNote,
  prepareAttachment,
  userMessageContent,
  type AttachmentForModel,
  type PreparedAttachment,
} from './attachment-parts'
import { estimateTextTokens, fitChatRequest, type Cost, type CostedTurn, type FitPlan } from './fit-chat-request'
import type { PdfTextExtractor } from './pdf-text'
import type { RequestBudget } from './request-budget'
import type { ImageShrinker } from './shrink-image'
import { textMessageBytes, textPartBytes } from './wire-size'

export type WireChatMessage = ChatStreamRequest['messages'][number]

export interface ChatHistoryInput {
  systemPrompt: string | null
  /** The path of the thread up to the answer, in order (message-branches.ts `pathTo`): other versions are not sent. */
  messages: readonly MessageRow[]
  /** The answer being generated: only messages before it are sent. */
  answerIndex: number
  /** The attached files of a user message; files missing on this device are left out. */
  loadAttachments(hashes: readonly string[]): Promise<AttachmentForModel[]>
  /** What the request may hold (server limits, model context). */
  budget: RequestBudget
  /** Bytes of the request around its messages (`{"model":…,"messages":[]}`). */
  envelopeBytes: number
  /** Re-encodes large images smaller (the browser's canvas); without one, images go as they are. */
  shrinkImage?: ImageShrinker
  /** Reads PDFs' text (pdf.js in the browser), so they go as text; without one, PDFs go as files. */
  extractPdfText?: PdfTextExtractor
}

export interface ChatHistory {
  messages: WireChatMessage[]
  /** What of the earlier conversation was not sent, so the answer can say so. */
  leftOut: { messages: number; attachments: number }
}

/** Even the newest message alone is over the server's body cap. */
export class RequestTooLargeError extends Error {
  constructor(bytes: number, maxBytes: number) {
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1)
    super(`This message is too large to send (${mb(bytes)} MB; this server accepts ${mb(maxBytes)} MB per request). Remove an attachment or attach smaller files.`)
    this.name = 'RequestTooLargeError'
  }
}

/** Images above this are re-encoded before sending: models scale them to ~2k pixels anyway. */
const ROUTINE_SHRINK_BYTES = 1024 * 1024
const ROUTINE_SHRINK = { maxSide: 2048, quality: 0.85 }
/** Harder steps for the newest turn's images when it alone does not fit. */
const LAST_RESORT_SHRINKS = [
  { maxSide: 1280, quality: 0.75 },
  { maxSide: 768, quality: 0.65 },
]
const IMAGE_TOKENS = 1000
/** The files of one message may fill at most this share of the model's context with their text. */
const INLINE_SHARE_OF_CONTEXT = 0.5

interface Turn {
  role: 'user' | 'assistant'
  text: string
  attachments: PreparedAttachment[]
}

/** Whether an earlier answer belongs in the conversation the model sees. */
function isUsableAnswer(message: MessageRow): boolean {
  if (message.content.trim() === '') return false
  // A stopped answer was read by the user, so it is context; a failed one is noise.
  return message.status === 'complete' || message.status === 'aborted'
}

/**
 * The conversation sent to the model for the answer at `answerIndex`: the thread's system prompt,
 * then the user turns (with their attachments) and usable answers before it, fitted to the
 * budget (fit-chat-request.ts): large images are re-encoded smaller, and when the whole thread
 * does not fit, older attachments and then older turns are left out, newest kept.
 */
export async function buildChatHistory(input: ChatHistoryInput): Promise<ChatHistory> {
  const systemPrompt = input.systemPrompt?.trim() || null
  const turns = await collectTurns(input)
  const system: Cost | null = systemPrompt
    ? { bytes: textMessageBytes('system', systemPrompt), tokens: estimateTextTokens(systemPrompt) }
    : null
  const fit = () => fitChatRequest({ system, turns: turns.map(costTurn), envelopeBytes: input.envelopeBytes, budget: input.budget })

  let plan = fit()
  const newest = turns.at(-1)
  for (const step of LAST_RESORT_SHRINKS) {
    if (plan.fitsBytes || !newest || !input.shrinkImage) break
    newest.attachments = await Promise.all(newest.attachments.map((a) => shrunk(a, step, input.shrinkImage!)))
    plan = fit()
  }
  if (!plan.fitsBytes) throw new RequestTooLargeError(plan.bytes, input.budget.maxBytes)

  const messages: WireChatMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : []
  for (const [i, turn] of turns.entries()) {
    if (plan.included[i]) messages.push(await encodeTurn(turn, plan, i))
  }
  return { messages, leftOut: plan.leftOut }
}

async function collectTurns(input: ChatHistoryInput): Promise<Turn[]> {
  const turns: Turn[] = []
  for (const message of input.messages) {
    if (message.deleted || message.index >= input.answerIndex) continue
    if (message.role === 'user') {
      const files = message.file_hashes.length ? await input.loadAttachments(message.file_hashes) : []
      const attachments: PreparedAttachment[] = []
      // Tokens are about three characters (estimateTextTokens); the message's files share the room.
      const maxInlineChars = Math.floor((input.budget.maxTokens * INLINE_SHARE_OF_CONTEXT * 3) / Math.max(1, files.length))
      for (const file of files) {
        const prepared = await prepareAttachment(file, { extractPdfText: input.extractPdfText, maxInlineChars })
        if (!prepared) continue
        const large = prepared.kind === 'image' && prepared.blob.size > ROUTINE_SHRINK_BYTES
        attachments.push(large && input.shrinkImage ? await shrunk(prepared, ROUTINE_SHRINK, input.shrinkImage) : prepared)
      }
      turns.push({ role: 'user', text: message.content, attachments })
    } else if (message.role === 'assistant' && isUsableAnswer(message)) {
      turns.push({ role: 'assistant', text: message.content, attachments: [] })
    }
  }
  return turns
}

function costTurn(turn: Turn): CostedTurn {
  const textTokens = estimateTextTokens(turn.text)
  if (turn.attachments.length === 0) {
    return { role: turn.role, plain: { bytes: textMessageBytes(turn.role, turn.text), tokens: textTokens }, text: null, attachments: [] }
  }
  return {
    role: turn.role,
    plain: null,
    text: turn.text.trim() ? { bytes: textPartBytes(turn.text), tokens: textTokens } : null,
    attachments: turn.attachments.map((attachment) => {
      const note = leftOutNote(attachment.name)
      return {
        kept: { bytes: attachmentPartBytes(attachment), tokens: attachmentTokens(attachment) },
        leftOut: { bytes: textPartBytes(note), tokens: estimateTextTokens(note) },
      }
    }),
  }
}

function attachmentTokens(attachment: PreparedAttachment): number {
  if (attachment.inlined !== null) return estimateTextTokens(attachment.inlined)
  // A PDF's pages become text and images; its size is all there is to go by before sending.
  if (attachment.kind === 'pdf') return Math.max(500, Math.ceil(attachment.blob.size / 40))
  return IMAGE_TOKENS
}

async function encodeTurn(turn: Turn, plan: FitPlan, i: number): Promise<WireChatMessage> {
  if (turn.role === 'assistant') return { role: 'assistant', content: turn.text }
  const parts = turn.attachments.map((attachment, j) => (plan.keptAttachments[i]![j] ? attachment : { leftOut: attachment.name }))
  return { role: 'user', content: await userMessageContent(turn.text, parts) }
}

// Re-encoded images by content hash and step, so a long thread does not redo them every turn.
const shrinkCache = new Map<string, Promise<Blob | null>>()
const SHRINK_CACHE_ENTRIES = 32

async function shrunk(
  attachment: PreparedAttachment,
  step: { maxSide: number; quality: number },
  shrinkImage: ImageShrinker,
): Promise<PreparedAttachment> {
  if (attachment.kind !== 'image') return attachment
  const key = attachment.hash ? `${attachment.hash}:${step.maxSide}:${step.quality}` : null
  let result = key ? shrinkCache.get(key) : undefined
  if (!result) {
    result = shrinkImage(attachment.blob, step).catch(() => null)
    if (key) {
      if (shrinkCache.size >= SHRINK_CACHE_ENTRIES) shrinkCache.delete(shrinkCache.keys().next().value!)
      shrinkCache.set(key, result)
    }
  }
  const smaller = await result
  // Only a smaller result is worth sending (a tiny PNG can grow as JPEG).
  if (!smaller || smaller.size >= attachment.blob.size) return attachment
  return { ...attachment, blob: smaller, mimeType: smaller.type || 'image/jpeg' }
}
