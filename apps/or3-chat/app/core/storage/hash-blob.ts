import { ProviderError, type BlobHash } from 'or3-provider-kit'

/** Content address of bytes: `sha256:<64 lowercase hex>` (ARCHITECTURE §7). */
export async function hashBytes(data: Blob | ArrayBuffer | Uint8Array): Promise<BlobHash> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource)
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `sha256:${hex}`
}

/** Downloaded bytes that are not what their hash names: never kept. */
export class BlobHashMismatchError extends ProviderError {
  constructor(expected: string, actual: string) {
    super('VALIDATION', `The downloaded file does not match its hash (expected ${expected}, got ${actual}); it was not kept`)
  }
}
