/**
 * Types a browser may render in place. Anything that can run script (HTML, SVG, XML) or that
 * this list does not know is sent as an attachment.
 */
const INLINE_TYPES = /^(?:image\/(?:png|jpeg|gif|webp|avif)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/

export function dispositionFor(mimeType: string): 'inline' | 'attachment' {
  return INLINE_TYPES.test(mimeType.toLowerCase()) ? 'inline' : 'attachment'
}

/**
 * A `Content-Disposition` value with an ASCII `filename` fallback and the exact name as RFC 5987
 * `filename*`. Control characters and path separators are dropped first, so a stored name can
 * neither split the header nor suggest a directory to the browser.
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const cleaned =
    toWellFormed(name)
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001F\u007F-\u009F]/g, '')
      .replace(/[/\\]/g, '_')
      .trim() || 'file'
  const fallback = cleaned
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .replace(/[^\x20-\x7E]|["\\%]/g, '_')
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(cleaned)}`
}

/** Percent-encodes everything outside RFC 5987 attr-char. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Lone surrogates would make encodeURIComponent throw; they become U+FFFD. */
function toWellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}
