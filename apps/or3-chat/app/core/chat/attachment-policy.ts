import { isMimeTypeAllowed, type ClientLimits } from 'or3-provider-kit'

/**
 * Which files the composer accepts and how the model sees them: images as image parts, PDFs as
 * file parts, text inlined. Whole chat requests are capped by the server (8 MiB of JSON, and
 * base64 grows a file by a third), so each file is kept well under that.
 */
export const MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024
export const MAX_ATTACHMENTS_PER_MESSAGE = 8

export type AttachmentKind = 'image' | 'pdf' | 'text'

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

/** Text files that browsers often report with an empty or non-text type. */
const TEXT_EXTENSIONS: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'text/plain',
  yaml: 'text/plain',
  yml: 'text/plain',
  toml: 'text/plain',
  xml: 'text/xml',
  html: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  ts: 'text/plain',
  tsx: 'text/plain',
  jsx: 'text/plain',
  vue: 'text/plain',
  py: 'text/plain',
  rb: 'text/plain',
  go: 'text/plain',
  rs: 'text/plain',
  java: 'text/plain',
  c: 'text/plain',
  h: 'text/plain',
  cpp: 'text/plain',
  sh: 'text/plain',
  sql: 'text/plain',
  log: 'text/plain',
}

/** The `accept` attribute of the file input. */
export const ATTACHMENT_ACCEPT = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/*', ...Object.keys(TEXT_EXTENSIONS).map((ext) => `.${ext}`)].join(',')

export type AttachmentCheck = { ok: true; kind: AttachmentKind; mimeType: string } | { ok: false; reason: string }

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase()
}

/** What the server stores (when it stores attachments at all): the composer refuses the rest up front. */
export interface ServerAttachmentRules {
  maxBytes: number
  allowedTypes: readonly string[]
}

/** The server's rules from the session answer's limits, when its storage is on. */
export function serverAttachmentRules(limits: ClientLimits | undefined, storageEnabled: boolean): ServerAttachmentRules | null {
  return limits && storageEnabled ? { maxBytes: limits.maxAttachmentBytes, allowedTypes: limits.allowedAttachmentTypes } : null
}

/** Whether a picked file can be attached, and as what (the media type the model and storage get). */
export function checkAttachment(file: { name: string; type: string; size: number }, server: ServerAttachmentRules | null = null): AttachmentCheck {
  const type = (file.type.split(';')[0] ?? '').trim().toLowerCase()
  let result: AttachmentCheck
  if (IMAGE_TYPES.has(type)) result = { ok: true, kind: 'image', mimeType: type }
  else if (type === 'application/pdf') result = { ok: true, kind: 'pdf', mimeType: type }
  else if (type.startsWith('text/')) result = { ok: true, kind: 'text', mimeType: type }
  else if (TEXT_EXTENSIONS[extensionOf(file.name)]) result = { ok: true, kind: 'text', mimeType: TEXT_EXTENSIONS[extensionOf(file.name)]! }
  else return { ok: false, reason: `${file.name}: only images (PNG, JPEG, GIF, WebP), PDFs and text files can be attached` }
  if (server && !isMimeTypeAllowed(result.mimeType, server.allowedTypes)) {
    return { ok: false, reason: `${file.name}: this server does not store ${result.mimeType} files` }
  }
  const maxBytes = Math.min(MAX_ATTACHMENT_BYTES, server?.maxBytes ?? Infinity)
  if (file.size > maxBytes) {
    const limitMb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10
    return { ok: false, reason: `${file.name} is ${(file.size / (1024 * 1024)).toFixed(1)} MB; attachments can be at most ${limitMb} MB` }
  }
  return result
}

export function attachmentKindOf(mimeType: string): AttachmentKind | null {
  if (IMAGE_TYPES.has(mimeType)) return 'image'
  if (mimeType === 'application/pdf') return 'pdf'
  if (mimeType.startsWith('text/')) return 'text'
  return null
}
