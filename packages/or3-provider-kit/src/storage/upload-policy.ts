// Shared by every storage adapter, so "image/*" or a size limit means the same thing everywhere.
import { ProviderError } from '../errors.ts'

/** What the deployment accepts (config.storage). */
export interface UploadLimits {
  maxFileBytes: number
  /** Exact types (`application/pdf`), families (`image/*`) or `*` / `*\/*` for any. */
  allowedMimeTypes: string[]
}

/** The media type without parameters, lowercased: `Text/Plain; charset=utf-8` → `text/plain`. */
export function essenceOf(mimeType: string): string {
  return (mimeType.split(';', 1)[0] ?? '').trim().toLowerCase()
}

export function isMimeTypeAllowed(mimeType: string, allowed: readonly string[]): boolean {
  const type = essenceOf(mimeType)
  const family = type.split('/', 1)[0]
  return allowed.some((entry) => {
    const rule = essenceOf(entry)
    if (rule === '*' || rule === '*/*') return true
    if (rule.endsWith('/*')) return rule.slice(0, -2) === family
    return rule === type
  })
}

/** Throws TOO_LARGE or VALIDATION when a file may not be stored here. */
export function assertUploadAllowed(limits: UploadLimits, file: { sizeBytes: number; mimeType: string }): void {
  if (file.sizeBytes > limits.maxFileBytes) {
    throw new ProviderError(
      'TOO_LARGE',
      `File is ${file.sizeBytes} bytes; this server accepts at most ${limits.maxFileBytes} bytes per file`,
    )
  }
  if (!isMimeTypeAllowed(file.mimeType, limits.allowedMimeTypes)) {
    const allowed = limits.allowedMimeTypes.length ? limits.allowedMimeTypes.join(', ') : 'none configured'
    throw new ProviderError('VALIDATION', `File type '${file.mimeType}' is not allowed; allowed types: ${allowed}`, {
      fields: { mimeType: [`'${file.mimeType}' is not an allowed type`] },
    })
  }
}
