import { ProviderError, type StorageGatewayAdapter, type UploadReceipt } from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'
import type { DeploymentClient } from './deployment-client'

const { storage } = CONVEX_FUNCTIONS
const asServer = { as: 'server' } as const
/** A workspace of a million old files is 5,000 pages; GC stops there and goes on next time. */
const MAX_GC_PAGES = 5000

interface CandidatePage {
  hashes: string[]
  cursor: string
  isDone: boolean
}

/** The Convex upload URL answers `{ storageId }`; the commit must name it. */
function storageIdOf(receipt: UploadReceipt | undefined): string | undefined {
  const storageId = receipt?.storageId
  if (storageId === undefined) return undefined
  if (typeof storageId !== 'string' || storageId.length === 0 || storageId.length > 128) {
    throw new ProviderError('VALIDATION', 'receipt.storageId must be the storage id the upload answered')
  }
  return storageId
}

/**
 * Attachments in Convex file storage. The device uploads to a Convex upload URL (`POST`), which
 * answers `{ storageId }`; the device passes that answer to commit as its receipt, and the
 * deployment accepts the bytes only when their stored sha256 and size equal the claim (so a
 * forged upload is refused at commit: VALIDATION). Uploads and downloads run as the request's
 * user; GC is the server's (it runs for the deployment admin, on any workspace).
 */
export function createConvexStorageGateway(convex: DeploymentClient): StorageGatewayAdapter {
  return {
    id: 'convex',
    async presignUpload(_ctx, request) {
      const { url, method, headers, expiresAt, alreadyExists } = await convex.mutation<{
        url: string
        method: 'POST'
        headers: Record<string, string>
        expiresAt: number
        alreadyExists: boolean
      }>(storage.presignUpload, { ...request }, { idempotent: true })
      return { url, method, headers, expiresAt, alreadyExists }
    },
    presignDownload: (_ctx, request) => convex.query(storage.presignDownload, { ...request }),
    async commit(_ctx, { receipt, ...request }) {
      const storageId = storageIdOf(receipt)
      // Idempotent once committed: a repeat finds the blob and answers the same.
      return convex.mutation(storage.commit, { ...request, ...(storageId ? { storageId } : {}) }, { idempotent: true })
    },
    async gc(ctx, { workspaceId }) {
      // The deployment pages through what is past the grace period; OR3 knows which hashes a live
      // file_meta row references, and the deployment checks those references again as it deletes.
      let removed = 0
      for (const kind of ['uploads', 'blobs'] as const) {
        let cursor: string | null = null
        for (let page = 0; page < MAX_GC_PAGES; page++) {
          const candidates: CandidatePage = await convex.query(storage.gcCandidates, { workspaceId, kind, cursor }, asServer)
          const unreferenced: string[] = []
          for (const hash of candidates.hashes) if (!(await ctx.isReferenced(hash))) unreferenced.push(hash)
          if (unreferenced.length > 0) {
            removed += (await convex.mutation<{ removed: number }>(storage.gc, { workspaceId, unreferenced }, { ...asServer, idempotent: true })).removed
          }
          if (candidates.isDone) break
          cursor = candidates.cursor
        }
      }
      return { removed }
    },
  }
}
