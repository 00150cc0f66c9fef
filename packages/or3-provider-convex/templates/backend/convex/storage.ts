import { v } from 'convex/values'
import type { Id } from './_generated/dataModel'
import { mutation, query, type QueryCtx } from './_generated/server'
import { requireWorkspaceRole } from './lib/access'
import { fail } from './lib/errors'
import { requireServer, resolveCaller } from './lib/identity'
import { checkText, TEXT_LIMITS } from './lib/protocol'
import { readSettings } from './lib/settings'
import { hexToBase64 } from './lib/stamps'
import { assertUploadAllowed, BLOB_HASH, checkBlobClaim } from './lib/upload-policy'

// Attachments (ARCHITECTURE §7) in Convex file storage. The device uploads to a Convex upload
// URL, which answers `{ storageId }`; the commit names that storageId and is accepted only when
// the `_storage` system table's sha256 and size of those bytes equal the claim.

/** Convex upload URLs expire after an hour. */
const UPLOAD_URL_TTL_MS = 60 * 60 * 1000
/** Download URLs do not expire in Convex; OR3 clients ask again after this. */
const DOWNLOAD_URL_TTL_MS = 60 * 60 * 1000
const GC_BATCH = 200

const presignedValidator = {
  url: v.string(),
  method: v.union(v.literal('POST'), v.literal('GET')),
  headers: v.record(v.string(), v.string()),
  expiresAt: v.number(),
}

async function findBlob(ctx: QueryCtx, workspaceId: string, hash: string) {
  return await ctx.db
    .query('storageBlobs')
    .withIndex('by_hash', (q) => q.eq('workspaceId', workspaceId).eq('hash', hash))
    .unique()
}

async function findUpload(ctx: QueryCtx, workspaceId: string, hash: string) {
  return await ctx.db
    .query('storageUploads')
    .withIndex('by_hash', (q) => q.eq('workspaceId', workspaceId).eq('hash', hash))
    .unique()
}

/** True when a committed blob (of any workspace) already owns these bytes. */
async function isClaimed(ctx: QueryCtx, storageId: Id<'_storage'>): Promise<boolean> {
  return (await ctx.db.query('storageBlobs').withIndex('by_storage', (q) => q.eq('storageId', storageId)).first()) !== null
}

export const presignUpload = mutation({
  args: { workspaceId: v.string(), hash: v.string(), mimeType: v.string(), sizeBytes: v.number() },
  returns: v.object({ ...presignedValidator, alreadyExists: v.boolean() }),
  handler: async (ctx, args) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), args.workspaceId, 'editor')
    checkBlobClaim(args)
    assertUploadAllowed(await readSettings(ctx), args)
    const now = Date.now()
    const upload = await findUpload(ctx, args.workspaceId, args.hash)
    const claim = { mimeType: args.mimeType, sizeBytes: args.sizeBytes, createdAt: now }
    if (upload === null) await ctx.db.insert('storageUploads', { workspaceId: args.workspaceId, hash: args.hash, ...claim })
    else await ctx.db.patch('storageUploads', upload._id, claim)
    return {
      url: await ctx.storage.generateUploadUrl(),
      method: 'POST' as const,
      headers: { 'Content-Type': args.mimeType },
      expiresAt: now + UPLOAD_URL_TTL_MS,
      alreadyExists: (await findBlob(ctx, args.workspaceId, args.hash)) !== null,
    }
  },
})

/**
 * Records an uploaded blob. Idempotent once committed. Bytes whose stored sha256 or size differ
 * from the claim are refused (VALIDATION). Bytes nobody commits (refused, or a second upload of a
 * blob the workspace holds) are never deleted here, where a caller could name someone else's
 * upload: the maintenance sweep removes them after the grace period.
 */
export const commit = mutation({
  args: {
    workspaceId: v.string(),
    hash: v.string(),
    mimeType: v.string(),
    sizeBytes: v.number(),
    name: v.string(),
    storageId: v.optional(v.string()),
  },
  returns: v.object({ committed: v.literal(true), hash: v.string() }),
  handler: async (ctx, args) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), args.workspaceId, 'editor')
    checkBlobClaim(args)
    const name = checkText(args.name.trim(), 'name', TEXT_LIMITS.fileName)
    const storageId = args.storageId === undefined ? null : ctx.db.system.normalizeId('_storage', args.storageId)
    if (await findBlob(ctx, args.workspaceId, args.hash)) return { committed: true as const, hash: args.hash }
    const upload = await findUpload(ctx, args.workspaceId, args.hash)
    const stored = storageId === null ? null : await ctx.db.system.get('_storage', storageId)
    if (upload === null || storageId === null || stored === null || (await isClaimed(ctx, storageId))) {
      fail('NOT_FOUND', `The bytes of ${args.hash} never arrived in this workspace; upload them first`)
    }
    if (stored.sha256 !== hexToBase64(args.hash.slice('sha256:'.length)) || stored.size !== args.sizeBytes || upload.sizeBytes !== args.sizeBytes) {
      fail('VALIDATION', 'The uploaded bytes do not match their hash and size: upload the file again')
    }
    await ctx.db.insert('storageBlobs', {
      workspaceId: args.workspaceId,
      hash: args.hash,
      storageId,
      mimeType: args.mimeType,
      sizeBytes: args.sizeBytes,
      name,
      committedAt: Date.now(),
    })
    await ctx.db.delete('storageUploads', upload._id)
    return { committed: true as const, hash: args.hash }
  },
})

export const presignDownload = query({
  args: { workspaceId: v.string(), hash: v.string() },
  returns: v.object(presignedValidator),
  handler: async (ctx, { workspaceId, hash }) => {
    await requireWorkspaceRole(ctx, await resolveCaller(ctx), workspaceId, 'viewer')
    const blob = BLOB_HASH.test(hash) ? await findBlob(ctx, workspaceId, hash) : null
    const url = blob === null ? null : await ctx.storage.getUrl(blob.storageId)
    if (url === null) fail('NOT_FOUND', `No file ${hash} in this workspace`)
    return { url, method: 'GET' as const, headers: {}, expiresAt: Date.now() + DOWNLOAD_URL_TTL_MS }
  },
})

const candidatePageValidator = v.object({ hashes: v.array(v.string()), cursor: v.string(), isDone: v.boolean() })

/**
 * GC candidates past the grace period, a page at a time: uncommitted uploads (`kind: 'uploads'`)
 * or committed blobs (`kind: 'blobs'`), oldest first. The OR3 server checks which are referenced
 * by live `file_meta` rows and names the others to `gc`; paging on means a workspace with many
 * referenced old files still reaches the unreferenced ones behind them.
 */
export const gcCandidates = query({
  args: { workspaceId: v.string(), kind: v.union(v.literal('uploads'), v.literal('blobs')), cursor: v.union(v.string(), v.null()) },
  returns: candidatePageValidator,
  handler: async (ctx, { workspaceId, kind, cursor }) => {
    await requireServer(ctx)
    const cutoff = Date.now() - (await readSettings(ctx)).uploadGraceMs
    const page =
      kind === 'uploads'
        ? await ctx.db
            .query('storageUploads')
            .withIndex('by_age', (q) => q.eq('workspaceId', workspaceId).lt('createdAt', cutoff))
            .paginate({ cursor, numItems: GC_BATCH })
        : await ctx.db
            .query('storageBlobs')
            .withIndex('by_age', (q) => q.eq('workspaceId', workspaceId).lt('committedAt', cutoff))
            .paginate({ cursor, numItems: GC_BATCH })
    return { hashes: page.page.map((row) => row.hash), cursor: page.continueCursor, isDone: page.isDone }
  },
})

/** Whether a live `file_meta` row of the workspace names the hash. */
async function isReferenced(ctx: QueryCtx, workspaceId: string, hash: string): Promise<boolean> {
  const reference = await ctx.db
    .query('syncRows')
    .withIndex('by_row', (q) => q.eq('workspaceId', workspaceId).eq('tableName', 'file_meta').eq('pk', hash))
    .unique()
  return reference !== null && !reference.deleted
}

/**
 * Removes what the OR3 server found unreferenced (`unreferenced`, at most one candidate page):
 * uploads never committed and committed blobs, each only once past the grace period. One a live
 * `file_meta` row of the workspace names is kept whatever the list says: the check runs in this
 * transaction. Answers how many hashes lost an upload or a blob.
 */
export const gc = mutation({
  args: { workspaceId: v.string(), unreferenced: v.array(v.string()) },
  returns: v.object({ removed: v.number() }),
  handler: async (ctx, { workspaceId, unreferenced }) => {
    await requireServer(ctx)
    if (unreferenced.length > GC_BATCH) fail('VALIDATION', `name at most ${GC_BATCH} hashes per call`)
    const cutoff = Date.now() - (await readSettings(ctx)).uploadGraceMs
    let removed = 0
    for (const hash of new Set(unreferenced)) {
      if (await isReferenced(ctx, workspaceId, hash)) continue
      let collected = false
      const upload = await findUpload(ctx, workspaceId, hash)
      if (upload !== null && upload.createdAt < cutoff) {
        await ctx.db.delete('storageUploads', upload._id)
        collected = true
      }
      const blob = await findBlob(ctx, workspaceId, hash)
      if (blob !== null && blob.committedAt < cutoff) {
        await ctx.db.delete('storageBlobs', blob._id)
        await ctx.storage.delete(blob.storageId)
        collected = true
      }
      if (collected) removed += 1
    }
    return { removed }
  },
})
