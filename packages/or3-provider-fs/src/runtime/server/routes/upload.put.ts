import { defineEventHandler, getQuery, getRequestHeader, setResponseHeader, setResponseStatus } from 'h3'
import type { EventHandler, H3Event } from 'h3'
import { essenceOf, ProviderError } from 'or3-provider-kit'
import { assertAllowedOrigin, discardRequestBody, mapFileSystemError, openRequestBody, sendProviderError } from 'or3-provider-kit/server'
import { getActiveFsStorage } from '../active-storage'
import { inactiveStorageError } from '../inactive-storage'
import type { BlobUrlClaims } from '../signed-urls'
import type { FsStorageGateway } from '../storage-gateway'

/**
 * `PUT /api/storage/fs/upload?token=...`: the bytes of one signed upload. The token names the
 * workspace, hash, size and type; the body must match all of them to be kept. It is read through
 * the kit's capped reader, so no more than the signed size is ever read: past it, 413 and the
 * connection closes. Any refusal leaves the body unread.
 */
export function createBlobUploadHandler(resolveGateway: () => FsStorageGateway | null): EventHandler {
  return defineEventHandler(async (event) => {
    try {
      const gateway = resolveGateway()
      if (!gateway) throw inactiveStorageError()
      assertAllowedOrigin(event, gateway.security)
      const claims = gateway.urls.verify(getQuery(event).token, 'upload')
      assertHeadersMatch(event, claims)
      const body = openRequestBody(event, {
        maxBytes: claims.sizeBytes,
        tooLargeMessage: `The upload is larger than the ${claims.sizeBytes} bytes its link was signed for; request a link for the real size`,
      })
      const outcome = await gateway.blobs.receive(claims.workspaceId, claims.hash, claims.sizeBytes, body)
      setResponseStatus(event, outcome === 'stored' ? 201 : 200)
      setResponseHeader(event, 'Cache-Control', 'no-store')
      return { hash: claims.hash, sizeBytes: claims.sizeBytes, stored: true, alreadyExisted: outcome === 'already-stored' }
    } catch (error) {
      discardRequestBody(event)
      return sendProviderError(event, error, { label: 'or3-provider-fs', mapError: mapFileSystemError })
    }
  })
}

/** Cheap checks before a byte is read: a declared length or type that contradicts the link. */
function assertHeadersMatch(event: H3Event, claims: BlobUrlClaims): void {
  const declaredLength = getRequestHeader(event, 'content-length')
  if (declaredLength !== undefined) {
    if (!/^\d{1,15}$/.test(declaredLength.trim())) {
      throw new ProviderError('VALIDATION', 'Content-Length is not a valid byte count')
    }
    const length = Number(declaredLength)
    if (length < claims.sizeBytes) {
      throw new ProviderError('VALIDATION', `Content-Length ${length} is less than the ${claims.sizeBytes} bytes this upload link was signed for`)
    }
  }
  const declaredType = getRequestHeader(event, 'content-type')
  if (declaredType !== undefined && essenceOf(declaredType) !== essenceOf(claims.mimeType)) {
    throw new ProviderError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type '${declaredType}' does not match the signed type '${claims.mimeType}'`,
    )
  }
}

export default createBlobUploadHandler(getActiveFsStorage)
