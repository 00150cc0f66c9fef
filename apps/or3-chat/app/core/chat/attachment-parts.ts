import { attachmentKindOf } from './attachment-policy'

/** An attached file as the model request needs it. */
export interface AttachmentForModel {
  name: string
  mimeType: string
  blob: Blob
}

/** OpenAI-compatible content parts (OpenRouter's `file` part for PDFs). */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'file'; file: { filename: string; file_data: string } }

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

/**
 * A user turn's content: plain text when nothing is attached, else content parts with images as
 * `image_url` data URLs, PDFs as `file` parts and text files inlined after the message text.
 */
export async function userMessageContent(text: string, attachments: readonly AttachmentForModel[]): Promise<string | ContentPart[]> {
  if (attachments.length === 0) return text
  const parts: ContentPart[] = []
  if (text.trim()) parts.push({ type: 'text', text })
  for (const attachment of attachments) {
    const kind = attachmentKindOf(attachment.mimeType)
    if (kind === 'image') parts.push({ type: 'image_url', image_url: { url: await blobToDataUrl(attachment.blob, attachment.mimeType) } })
    else if (kind === 'pdf') parts.push({ type: 'file', file: { filename: attachment.name, file_data: await blobToDataUrl(attachment.blob, attachment.mimeType) } })
    else if (kind === 'text') parts.push({ type: 'text', text: await inlineText(attachment) })
  }
  return parts
}
