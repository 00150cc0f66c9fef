import { constants } from 'node:fs'
import { lstat, open, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { ProviderError } from 'or3-provider-kit'
import { ensurePrivateDir, type RequestBodyStream } from 'or3-provider-kit/server'
import { contentHex, isContentHex, locateBlob, newTempPath, tempCreatedAt, tempDir, workspaceDir } from './blob-paths'
import { receiveBlob } from './blob-receiver'

/** What a commit recorded, kept in a sidecar next to the bytes. */
export interface BlobMetadata {
  hash: string
  mimeType: string
  sizeBytes: number
  name: string
  committedAt: number
}

/** A blob of a workspace as GC sees it. */
export interface ListedBlob {
  hash: string
  /** null for a sidecar whose bytes are gone. */
  uploadedAt: number | null
  committedAt: number | null
}

export interface OpenedBlob {
  handle: FileHandle
  sizeBytes: number
}

export interface FsBlobStore {
  readonly root: string
  /** Size and upload time of the stored bytes, or null. */
  stat(workspaceId: string, hash: string): Promise<{ sizeBytes: number; uploadedAt: number } | null>
  readMetadata(workspaceId: string, hash: string): Promise<BlobMetadata | null>
  /** Writes the sidecar atomically (temp file + rename). */
  writeMetadata(workspaceId: string, metadata: BlobMetadata): Promise<void>
  /** Stores a body unless the blob is already there (then the body is discarded). */
  receive(
    workspaceId: string,
    hash: string,
    sizeBytes: number,
    body: RequestBodyStream,
  ): Promise<'stored' | 'already-stored'>
  /** An open handle, so a concurrent GC can't pull the file from under a download. */
  open(workspaceId: string, hash: string): Promise<OpenedBlob | null>
  list(workspaceId: string): AsyncGenerator<ListedBlob>
  /** Removes the sidecar first: a crash in between leaves an uncommitted blob, never a dangling commit. */
  remove(workspaceId: string, hash: string): Promise<void>
  /** Removes temp files created before `createdBefore`; returns how many. */
  removeStaleTemp(createdBefore: number): Promise<number>
}

const PREFIX_DIR = /^[0-9a-f]{2}$/
/** What chose the root, for the start-up message when it cannot be used. */
const ROOT_SETTING = 'OR3_DATA_DIR (or OR3_FS_ROOT)'

export function createFsBlobStore({ root, now }: { root: string; now: () => number }): FsBlobStore {
  ensurePrivateDir(root, ROOT_SETTING)
  ensurePrivateDir(tempDir(root), ROOT_SETTING)

  async function statFile(path: string) {
    const info = await lstat(path).catch(ignoreMissing)
    return info?.isFile() ? info : null
  }

  async function readMetadata(workspaceId: string, hash: string): Promise<BlobMetadata | null> {
    const text = await readFile(locateBlob(root, workspaceId, hash).metaPath, 'utf8').catch(ignoreMissing)
    return text === null ? null : parseMetadata(text, hash)
  }

  return {
    root,

    async stat(workspaceId, hash) {
      const info = await statFile(locateBlob(root, workspaceId, hash).blobPath)
      return info ? { sizeBytes: info.size, uploadedAt: Math.trunc(info.mtimeMs) } : null
    },

    readMetadata,

    async writeMetadata(workspaceId, metadata) {
      const { metaPath } = locateBlob(root, workspaceId, metadata.hash)
      const tmpPath = newTempPath(root, now())
      const handle = await open(tmpPath, 'wx', 0o600)
      try {
        await handle.writeFile(`${JSON.stringify({ version: 1, ...metadata })}\n`, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
      try {
        await rename(tmpPath, metaPath)
      } catch (error) {
        await rm(tmpPath, { force: true })
        throw error
      }
    },

    async receive(workspaceId, hash, sizeBytes, body) {
      const location = locateBlob(root, workspaceId, hash)
      if (await statFile(location.blobPath)) {
        body.discard()
        return 'already-stored'
      }
      await receiveBlob({
        root,
        blobPath: location.blobPath,
        blobDir: location.dir,
        expectedHex: contentHex(hash),
        expectedSize: sizeBytes,
        uploadedAt: now(),
        body,
      })
      return 'stored'
    },

    async open(workspaceId, hash) {
      const { blobPath } = locateBlob(root, workspaceId, hash)
      const handle = await open(blobPath, constants.O_RDONLY | constants.O_NOFOLLOW).catch(ignoreMissing)
      if (!handle) return null
      const info = await handle.stat()
      if (!info.isFile()) {
        await handle.close()
        return null
      }
      return { handle, sizeBytes: info.size }
    },

    async *list(workspaceId) {
      const base = workspaceDir(root, workspaceId)
      for (const prefix of await listDir(base)) {
        if (!PREFIX_DIR.test(prefix)) continue
        const names = new Set(await listDir(join(base, prefix)))
        const hexes = new Set([...names].map((name) => name.replace(/\.json$/, '')).filter(isContentHex))
        for (const hex of hexes) {
          const hash = `sha256:${hex}`
          const blob = names.has(hex) ? await statFile(join(base, prefix, hex)) : null
          const metadata = names.has(`${hex}.json`) ? await readMetadata(workspaceId, hash) : null
          yield {
            hash,
            uploadedAt: blob ? Math.trunc(blob.mtimeMs) : null,
            committedAt: metadata?.committedAt ?? null,
          }
        }
      }
    },

    async remove(workspaceId, hash) {
      const location = locateBlob(root, workspaceId, hash)
      await rm(location.metaPath, { force: true })
      await rm(location.blobPath, { force: true })
      // Tidy empty directories; a concurrent upload may have just refilled one, which is fine.
      await rmdir(location.dir).catch(() => {})
      await rmdir(workspaceDir(root, workspaceId)).catch(() => {})
    },

    async removeStaleTemp(createdBefore) {
      let removed = 0
      for (const name of await listDir(tempDir(root))) {
        const createdAt = tempCreatedAt(name)
        if (createdAt === null || createdAt >= createdBefore) continue
        await rm(join(tempDir(root), name), { force: true })
        removed += 1
      }
      return removed
    },
  }
}

function parseMetadata(text: string, hash: string): BlobMetadata {
  try {
    const value = JSON.parse(text) as Partial<BlobMetadata>
    if (
      value.hash === hash &&
      typeof value.mimeType === 'string' &&
      typeof value.sizeBytes === 'number' &&
      typeof value.name === 'string' &&
      typeof value.committedAt === 'number'
    ) {
      return {
        hash: value.hash,
        mimeType: value.mimeType,
        sizeBytes: value.sizeBytes,
        name: value.name,
        committedAt: value.committedAt,
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new ProviderError(
    'INTERNAL',
    `The commit record of ${hash} is unreadable; remove its .json sidecar so the blob can be committed again`,
  )
}

async function listDir(path: string): Promise<string[]> {
  return (await readdir(path).catch(ignoreMissing)) ?? []
}

function ignoreMissing(error: unknown): null {
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return null
  throw error
}
