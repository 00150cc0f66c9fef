import { fail } from './errors'
import { TEXT_LIMITS, validation } from './protocol'

// The storage protocol's input rules (ARCHITECTURE §7), as the provider kit states them.

export const BLOB_HASH = /^sha256:[0-9a-f]{64}$/
const MIME_TYPE = /^[a-z0-9][\w!#$&^.+-]*\/[a-z0-9][\w!#$&^.+-]*$/i

export function checkBlobClaim(claim: { hash: string; mimeType: string; sizeBytes: number }): void {
  if (!BLOB_HASH.test(claim.hash)) validation("hash must be 'sha256:' followed by 64 lowercase hex digits")
  if (claim.mimeType.length > TEXT_LIMITS.mimeType || !MIME_TYPE.test(claim.mimeType)) {
    validation('mimeType must look like type/subtype')
  }
  if (!Number.isSafeInteger(claim.sizeBytes) || claim.sizeBytes < 1) validation('sizeBytes must be positive')
}

const essenceOf = (mimeType: string) => (mimeType.split(';', 1)[0] ?? '').trim().toLowerCase()

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

/** What the deployment accepts, as the OR3 server configured it (`admin:configure`). */
export function assertUploadAllowed(settings: { maxFileBytes: number; allowedMimeTypes: string[] }, file: { sizeBytes: number; mimeType: string }): void {
  if (file.sizeBytes > settings.maxFileBytes) {
    fail('TOO_LARGE', `File is ${file.sizeBytes} bytes; this server accepts at most ${settings.maxFileBytes} bytes per file`)
  }
  if (!isMimeTypeAllowed(file.mimeType, settings.allowedMimeTypes)) {
    const allowed = settings.allowedMimeTypes.length > 0 ? settings.allowedMimeTypes.join(', ') : 'none configured'
    validation(`File type '${file.mimeType}' is not allowed; allowed types: ${allowed}`)
  }
}
