import { attachmentKindOf, type AttachmentKind } from './attachment-policy'
import { filePartBytes, imagePartBytes, textPartBytes } from './wire-size'

/** An attached file as the model request needs it. */
export interface AttachmentForModel {
  name: string
  mimeType: string
  blob: Blob
  /** Its content hash, when known: re-encoded images are cached by it. */
  hash?: string
}

/** OpenAI-compatible content parts (OpenRouter's `file` part for PDFs). */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'file'; file: { filename: string; file_data: string } }

/** An attachment of a kind the model can take, with text files already inlined. */
export interface PreparedAttachment {
  kind: AttachmentKind
  name: string
  mimeType: string
  blob: Blob
  hash?: string
  /** The text part of a text file; null for images and PDFs. */
  inlined: string | null
}

/** Inlined text files are cut here so one log file cannot fill the model's context. */
export const MAX_INLINE_TEXT_CHARS = 100_000

/** `data:<type>;base64,...` without FileReader, so it also runs outside a browser. */
export async function blobToDataUrl(blob: Blob, mimeType: string): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return `data:${mimeType};base64,${btoa(binary)}`
}

async function inlineText(attachment: AttachmentForModel): Promise<string> {
  const text = await attachment.blob.text()
  const cut = text.length > MAX_INLINE_TEXT_CHARS
  const body = cut ? `${text.slice(0, MAX_INLINE_TEXT_CHARS)}\n[… cut after ${MAX_INLINE_TEXT_CHARS} characters]` : text
  const fence = body.includes('```') ? '````' : '```'
  return `Attached file "${attachment.name}":\n${fence}\n${body}\n${fence}`
}

/** The attachment ready to size and send; null for a kind the model cannot take (left out). */
export async function prepareAttachment(attachment: AttachmentForModel): Promise<PreparedAttachment | null> {
  const kind = attachmentKindOf(attachment.mimeType)
  if (!kind) return null
  const inlined = kind === 'text' ? await inlineText(attachment) : null
  return { kind, name: attachment.name, mimeType: attachment.mimeType, blob: attachment.blob, hash: attachment.hash, inlined }
}

/** What the model reads instead of a file left out to fit the request. */
export function leftOutNote(name: string): string {
  return `[Attachment "${name}" was left out to keep the request within limits]`
}

/** Its size as a JSON content part, without encoding it. */
export function attachmentPartBytes(attachment: PreparedAttachment): number {
  if (attachment.inlined !== null) return textPartBytes(attachment.inlined)
  if (attachment.kind === 'pdf') return filePartBytes(attachment.name, attachment.mimeType, attachment.blob.size)
  return imagePartBytes(attachment.mimeType, attachment.blob.size)
}

/** Images as `image_url` data URLs, PDFs as `file` parts, text files as inlined text. */
export async function toContentPart(attachment: PreparedAttachment): Promise<ContentPart> {
  if (attachment.inlined !== null) return { type: 'text', text: attachment.inlined }
  const url = await blobToDataUrl(attachment.blob, attachment.mimeType)
  if (attachment.kind === 'pdf') return { type: 'file', file: { filename: attachment.name, file_data: url } }
  return { type: 'image_url', image_url: { url } }
}

/**
 * A user turn's content: plain text when nothing is attached, else content parts: the message
 * text, then each attachment (or, for `{ leftOut: name }`, the note that it was left out).
 */
export async function userMessageContent(
  text: string,
  attachments: ReadonlyArray<PreparedAttachment | { leftOut: string }>,
): Promise<string | ContentPart[]> {
  if (attachments.length === 0) return text
  const parts: ContentPart[] = []
  if (text.trim()) parts.push({ type: 'text', text })
  for (const attachment of attachments) {
    parts.push('leftOut' in attachment ? { type: 'text', text: leftOutNote(attachment.leftOut) } : await toContentPart(attachment))
  }
  return parts
}
