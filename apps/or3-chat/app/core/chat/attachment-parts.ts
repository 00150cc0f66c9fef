import { attachmentKindOf, type AttachmentKind } from './attachment-policy'
import type { PdfTextExtractor } from './pdf-text'
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
  /** The text part of a text file or of a PDF's extracted text; null for images and PDFs sent as files. */
  inlined: string | null
}

/** Inlined text is cut here so one log file cannot fill the model's context. */
export const MAX_INLINE_TEXT_CHARS = 100_000

export interface PrepareOptions {
  /** Reads a PDF's text, so it goes as text every model can read; without one, PDFs go as files. */
  extractPdfText?: PdfTextExtractor
  /** Characters one inlined file may take (fewer than MAX_INLINE_TEXT_CHARS for a small context window). */
  maxInlineChars?: number
}

/** `data:<type>;base64,...` without FileReader, so it also runs outside a browser. */
export async function blobToDataUrl(blob: Blob, mimeType: string): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return `data:${mimeType};base64,${btoa(binary)}`
}

/** A file's text as the model reads it: named, fenced, and cut at `maxChars`. */
export function inlineText(name: string, text: string, maxChars: number, source = 'Attached file'): string {
  const cut = text.length > maxChars
  const body = cut ? `${text.slice(0, maxChars)}\n[… cut after ${maxChars} characters]` : text
  const fence = body.includes('```') ? '````' : '```'
  return `${source} "${name}":\n${fence}\n${body}\n${fence}`
}

// Extracted PDF text by content hash, so a long thread does not read its PDFs again every turn.
const pdfTextCache = new Map<string, Promise<string | null>>()
const PDF_TEXT_CACHE_ENTRIES = 16

function pdfText(attachment: AttachmentForModel, extract: PdfTextExtractor): Promise<string | null> {
  if (!attachment.hash) return extract(attachment.blob)
  let text = pdfTextCache.get(attachment.hash)
  if (!text) {
    text = extract(attachment.blob)
    if (pdfTextCache.size >= PDF_TEXT_CACHE_ENTRIES) pdfTextCache.delete(pdfTextCache.keys().next().value!)
    pdfTextCache.set(attachment.hash, text)
  }
  return text
}

/**
 * The attachment ready to size and send; null for a kind the model cannot take (left out). Text
 * files are inlined; a PDF is inlined as its extracted text when it has any (a scan has none and
 * goes as a file, for models that read files).
 */
export async function prepareAttachment(attachment: AttachmentForModel, options: PrepareOptions = {}): Promise<PreparedAttachment | null> {
  const kind = attachmentKindOf(attachment.mimeType)
  if (!kind) return null
  const maxChars = Math.min(MAX_INLINE_TEXT_CHARS, options.maxInlineChars ?? MAX_INLINE_TEXT_CHARS)
  let inlined: string | null = null
  if (kind === 'text') inlined = inlineText(attachment.name, await attachment.blob.text(), maxChars)
  if (kind === 'pdf' && options.extractPdfText) {
    const text = await pdfText(attachment, options.extractPdfText)
    if (text) inlined = inlineText(attachment.name, text, maxChars, 'Text of the attached PDF')
  }
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
