import type { H3Event } from 'h3'
import { setResponseHeader, setResponseStatus } from 'h3'
import { isProviderError, type ProviderErrorCode } from 'or3-provider-kit'
import { UploadRejectedError, type UploadRejection } from './blob-receiver'
import { InvalidBlobUrlError } from './signed-urls'

/** A refusal of the fs routes, answered as `{ error: { code, message } }` like core endpoints. */
export class BlobRouteError extends Error {
  readonly status: number
  readonly code: ProviderErrorCode
  constructor(status: number, code: ProviderErrorCode, message: string) {
    super(message)
    this.name = 'BlobRouteError'
    this.status = status
    this.code = code
  }
}

const REJECTION_STATUS: Record<UploadRejection, [number, ProviderErrorCode]> = {
  TOO_LARGE: [413, 'TOO_LARGE'],
  SIZE_MISMATCH: [400, 'VALIDATION'],
  // The request was well formed, but its content is not what was signed.
  HASH_MISMATCH: [422, 'VALIDATION'],
}

/** The route error for a known refusal, or null for anything unexpected (left to h3: a bare 500). */
export function toBlobRouteError(error: unknown): BlobRouteError | null {
  if (error instanceof BlobRouteError) return error
  if (error instanceof InvalidBlobUrlError) return new BlobRouteError(403, 'FORBIDDEN', error.message)
  if (error instanceof UploadRejectedError) {
    const [status, code] = REJECTION_STATUS[error.reason]
    return new BlobRouteError(status, code, error.message)
  }
  if (isProviderError(error) && error.code !== 'INTERNAL') {
    return new BlobRouteError(error.status, error.code, error.message)
  }
  return null
}

export function sendBlobRouteError(event: H3Event, error: BlobRouteError) {
  setResponseStatus(event, error.status)
  setResponseHeader(event, 'Content-Type', 'application/json; charset=utf-8')
  setResponseHeader(event, 'Cache-Control', 'no-store')
  return { error: { code: error.code, message: error.message } }
}

export function inactiveStorageError(): BlobRouteError {
  return new BlobRouteError(
    404,
    'NOT_FOUND',
    "Local-disk storage (or3-provider-fs) is not the active storage provider on this server; set storage.provider to 'fs' to use it",
  )
}
