import { isMimeTypeAllowed, type ClientLimits } from 'or3-provider-kit'
import { DEFAULT_MAX_FILE_MB } from '#shared/config/storage-defaults'

/**
 * Which files the composer accepts and how the model sees them: images as image parts (re-encoded
 * smaller to fit the request), PDFs as their extracted text (or as file parts when they have
 * none), text inlined. The largest file is the server's (`OR3_STORAGE_MAX_FILE_MB`, from the
 * session answer's limits); the request fitting keeps what is sent within the body cap.
 */
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

/** What the server accepts: the composer refuses the rest up front. */
export interface ServerAttachmentRules {
  maxBytes: number
  /** The types its storage keeps; null when it stores no files (local-only, or storage off). */
  allowedTypes: readonly string[] | null
}

/**
 * The server's rules from the session answer's limits. Before that answer has arrived (or
 * offline), the server's default size applies.
 */
export function serverAttachmentRules(limits: ClientLimits | undefined, storageEnabled: boolean): ServerAttachmentRules {
  if (!limits) return { maxBytes: DEFAULT_MAX_FILE_MB * 1024 * 1024, allowedTypes: null }
  return { maxBytes: limits.maxAttachmentBytes, allowedTypes: storageEnabled ? limits.allowedAttachmentTypes : null }
}

/** Sizes as people read them: "20 MB", "1.5 MB". */
export function describeMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
}

/** Whether a picked file can be attached, and as what (the media type the model and storage get). */
export function checkAttachment(file: { name: string; type: string; size: number }, server: ServerAttachmentRules): AttachmentCheck {
  const type = (file.type.split(';')[0] ?? '').trim().toLowerCase()
  let result: AttachmentCheck
  if (IMAGE_TYPES.has(type)) result = { ok: true, kind: 'image', mimeType: type }
  else if (type === 'application/pdf') result = { ok: true, kind: 'pdf', mimeType: type }
  else if (type.startsWith('text/')) result = { ok: true, kind: 'text', mimeType: type }
  else if (TEXT_EXTENSIONS[extensionOf(file.name)]) result = { ok: true, kind: 'text', mimeType: TEXT_EXTENSIONS[extensionOf(file.name)]! }
  else return { ok: false, reason: `${file.name}: only images (PNG, JPEG, GIF, WebP), PDFs and text files can be attached` }
  if (server.allowedTypes && !isMimeTypeAllowed(result.mimeType, server.allowedTypes)) {
    return { ok: false, reason: `${file.name}: this server does not store ${result.mimeType} files` }
  }
  if (file.size > server.maxBytes) {
    const size = (file.size / (1024 * 1024)).toFixed(1)
    return { ok: false, reason: `${file.name} is ${size} MB, over this server's limit of ${describeMegabytes(server.maxBytes)} per file. Attach a smaller file.` }
  }
  return result
}

export function attachmentKindOf(mimeType: string): AttachmentKind | null {
  if (IMAGE_TYPES.has(mimeType)) return 'image'
  if (mimeType === 'application/pdf') return 'pdf'
  if (mimeType.startsWith('text/')) return 'text'
  return null
}
