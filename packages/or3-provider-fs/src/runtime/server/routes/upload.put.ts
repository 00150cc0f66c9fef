import { defineEventHandler, getQuery, getRequestHeader, getRequestWebStream, setResponseHeader, setResponseStatus } from 'h3'
import type { EventHandler, H3Event } from 'h3'
import { getActiveFsStorage } from '../active-storage'
import { discardBody, type IncomingBody } from '../blob-receiver'
import { BlobRouteError, inactiveStorageError, sendBlobRouteError, toBlobRouteError } from '../route-errors'
import type { BlobUrlClaims } from '../signed-urls'
import type { FsStorageGateway } from '../storage-gateway'
import { essenceOf } from 'or3-provider-kit'

/**
 * `PUT /api/storage/fs/upload?token=...`: the bytes of one signed upload. The token names the
 * workspace, hash, size and type; the body must match all of them to be kept.
 */
export function createBlobUploadHandler(resolveGateway: () => FsStorageGateway | null): EventHandler {
  return defineEventHandler(async (event) => {
    const body: IncomingBody = {
      stream: getRequestWebStream(event),
      // Only a real web Request body can be cancelled safely (see IncomingBody).
      cancellable: Boolean(event.web?.request),
    }
    try {
      const gateway = resolveGateway()
      if (!gateway) throw inactiveStorageError()
      const claims = gateway.urls.verify(getQuery(event).token, 'upload')
      assertHeadersMatch(event, claims)
      const outcome = await gateway.blobs.receive(claims.workspaceId, claims.hash, claims.sizeBytes, body)
      setResponseStatus(event, outcome === 'stored' ? 201 : 200)
      setResponseHeader(event, 'Cache-Control', 'no-store')
      return { hash: claims.hash, sizeBytes: claims.sizeBytes, stored: true, alreadyExisted: outcome === 'already-stored' }
    } catch (error) {
      const refusal = toBlobRouteError(error)
      await discardBody(body)
      if (!refusal) throw error
      return sendBlobRouteError(event, refusal)
    }
  })
}

/** Cheap checks before a byte is read: a declared length or type that contradicts the link. */
function assertHeadersMatch(event: H3Event, claims: BlobUrlClaims): void {
  const declaredLength = getRequestHeader(event, 'content-length')
  if (declaredLength !== undefined) {
    if (!/^\d{1,15}$/.test(declaredLength.trim())) {
      throw new BlobRouteError(400, 'VALIDATION', 'Content-Length is not a valid byte count')
    }
    const length = Number(declaredLength)
    if (length > claims.sizeBytes) {
      throw new BlobRouteError(413, 'TOO_LARGE', `Content-Length ${length} exceeds the ${claims.sizeBytes} bytes this upload link was signed for`)
    }
    if (length < claims.sizeBytes) {
      throw new BlobRouteError(400, 'VALIDATION', `Content-Length ${length} is less than the ${claims.sizeBytes} bytes this upload link was signed for`)
    }
  }
  const declaredType = getRequestHeader(event, 'content-type')
  if (declaredType !== undefined && essenceOf(declaredType) !== essenceOf(claims.mimeType)) {
    throw new BlobRouteError(415, 'VALIDATION', `Content-Type '${declaredType}' does not match the signed type '${claims.mimeType}'`)
  }
}

export default createBlobUploadHandler(getActiveFsStorage)
