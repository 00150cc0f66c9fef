/**
 * Exact sizes of chat messages as JSON, computed without building the base64 of their files
 * (the request is fitted before anything large is encoded). Each function mirrors the shape
 * attachment-parts.ts builds, key order included; a unit test holds them to the real encoding.
 */
const encoder = new TextEncoder()

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length
}

/** Length of the base64 text for `bytes` bytes. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3)
}

export function textPartBytes(text: string): number {
  return utf8Bytes(JSON.stringify({ type: 'text', text }))
}

/** An `image_url` part holding a data URL of `sizeBytes` bytes. */
export function imagePartBytes(mimeType: string, sizeBytes: number): number {
  return utf8Bytes(JSON.stringify({ type: 'image_url', image_url: { url: `data:${mimeType};base64,` } })) + base64Length(sizeBytes)
}

/** A `file` part (PDFs) holding a data URL of `sizeBytes` bytes. */
export function filePartBytes(name: string, mimeType: string, sizeBytes: number): number {
  return utf8Bytes(JSON.stringify({ type: 'file', file: { filename: name, file_data: `data:${mimeType};base64,` } })) + base64Length(sizeBytes)
}

/** A message whose content is plain text. */
export function textMessageBytes(role: string, text: string): number {
  return utf8Bytes(JSON.stringify({ role, content: text }))
}

/** A message whose content is the parts of the given sizes. */
export function partsMessageBytes(role: string, partBytes: readonly number[]): number {
  const empty = utf8Bytes(JSON.stringify({ role, content: [] }))
  return empty + partBytes.reduce((sum, bytes) => sum + bytes, 0) + Math.max(0, partBytes.length - 1)
}

/** A JSON array of items of the given sizes. */
export function arrayBytes(itemBytes: number, count: number): number {
  return 2 + itemBytes + Math.max(0, count - 1)
}
