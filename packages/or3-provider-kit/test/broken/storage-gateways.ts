// Storage gateways with ONE deliberate defect each, wrapping the reference.
import type { StorageGatewayAdapter } from '../../src/contracts/server.ts'
import { ProviderError } from '../../src/errors.ts'
import { createMemoryStorageGateway, type StorageGatewayFactory, type StorageHarness } from '../../src/testing/index.ts'

type Defect = (inner: StorageHarness) => StorageHarness

const brokenFactory = (defect: Defect): StorageGatewayFactory => ({
  create: ({ now, limits, uploadGraceMs }) => defect(createMemoryStorageGateway({ now, limits, uploadGraceMs })),
})

/**
 * Stores uploaded bytes under the hash the client claimed, without hashing them: anyone can plant
 * content under another file's address.
 */
export const trustsClaimedHash = brokenFactory((inner) => {
  const claims = new Map<string, string>() // upload url -> `${workspaceId} ${hash}`
  const stored = new Map<string, { bytes: Uint8Array; committed: boolean }>()
  const keyOf = (r: { workspaceId: string; hash: string }) => `${r.workspaceId} ${r.hash}`
  const adapter: StorageGatewayAdapter = {
    ...inner.adapter,
    async presignUpload(ctx, request) {
      const presigned = await inner.adapter.presignUpload(ctx, request)
      claims.set(presigned.url, keyOf(request))
      return { ...presigned, alreadyExists: stored.has(keyOf(request)) }
    },
    async commit(ctx, request) {
      const blob = stored.get(keyOf(request))
      if (!blob) return inner.adapter.commit(ctx, request)
      blob.committed = true
      return { hash: request.hash, committed: true }
    },
    async presignDownload(ctx, request) {
      if (!stored.get(keyOf(request))?.committed) return inner.adapter.presignDownload(ctx, request)
      return { url: `trusting://${keyOf(request)}`, method: 'GET', headers: {}, expiresAt: Date.now() + 60_000 }
    },
  }
  return {
    adapter,
    async upload(presigned, bytes) {
      const claim = claims.get(presigned.url)
      if (!claim) return inner.upload(presigned, bytes)
      stored.set(claim, { bytes: bytes.slice(), committed: false })
    },
    async download(presigned) {
      const blob = stored.get(presigned.url.replace('trusting://', ''))
      return blob ? blob.bytes.slice() : inner.download(presigned)
    },
  }
})

/** Deduplicates across workspaces: knowing a hash is enough to read the blob. */
export const sharedBlobs = brokenFactory((inner) => ({
  ...inner,
  adapter: {
    ...inner.adapter,
    presignUpload: (ctx, request) => inner.adapter.presignUpload(ctx, { ...request, workspaceId: 'everyone' }),
    presignDownload: (ctx, request) => inner.adapter.presignDownload(ctx, { ...request, workspaceId: 'everyone' }),
    commit: (ctx, request) => inner.adapter.commit(ctx, { ...request, workspaceId: 'everyone' }),
    gc: (ctx) => inner.adapter.gc!(ctx, { workspaceId: 'everyone' }),
  },
}))

/** Records a commit without checking that the bytes arrived. */
export const commitWithoutBytes = brokenFactory((inner) => ({
  ...inner,
  adapter: {
    ...inner.adapter,
    async commit(ctx, request) {
      await inner.adapter.commit(ctx, request).catch(() => undefined)
      return { hash: request.hash, committed: true }
    },
  },
}))

/** Collects by age alone, never asking whether a file_meta row still references the blob. */
export const gcIgnoresReferences = brokenFactory((inner) => ({
  ...inner,
  adapter: {
    ...inner.adapter,
    gc: (ctx, request) => inner.adapter.gc!({ ...ctx, isReferenced: async () => false }, request),
  },
}))

/** Never applies the configured maxFileBytes. */
export const ignoresSizeLimit: StorageGatewayFactory = {
  create: ({ now, limits, uploadGraceMs }) =>
    createMemoryStorageGateway({ now, limits: { ...limits, maxFileBytes: Number.MAX_SAFE_INTEGER }, uploadGraceMs }),
}

/** A repeated commit of the same blob is refused as a conflict instead of answering the same. */
export const commitNotIdempotent = brokenFactory((inner) => {
  const committed = new Set<string>()
  return {
    ...inner,
    adapter: {
      ...inner.adapter,
      async commit(ctx, request) {
        const key = `${request.workspaceId} ${request.hash}`
        if (committed.has(key)) throw new ProviderError('CONFLICT', 'already committed')
        const answer = await inner.adapter.commit(ctx, request)
        committed.add(key)
        return answer
      },
    },
  }
})

/**
 * Refuses forged bytes only at commit, but keeps them under the claimed hash: the workspace then
 * reports a blob it never accepted.
 */
export const keepsRefusedBytes = brokenFactory((inner) => {
  const urls = new Map<string, string>() // upload url -> `${workspaceId} ${hash}`
  const refusedButKept = new Set<string>()
  const keyOf = (r: { workspaceId: string; hash: string }) => `${r.workspaceId} ${r.hash}`
  return {
    ...inner,
    adapter: {
      ...inner.adapter,
      async presignUpload(ctx, request) {
        const presigned = await inner.adapter.presignUpload(ctx, request)
        urls.set(presigned.url, keyOf(request))
        return { ...presigned, alreadyExists: presigned.alreadyExists || refusedButKept.has(keyOf(request)) }
      },
      async commit(ctx, request) {
        if (refusedButKept.has(keyOf(request))) throw new ProviderError('VALIDATION', 'The bytes do not match their hash')
        return inner.adapter.commit(ctx, request)
      },
    },
    async upload(presigned, bytes) {
      await inner.upload(presigned, bytes).catch(() => refusedButKept.add(urls.get(presigned.url) ?? presigned.url))
    },
  }
})
