import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { ProviderError } from 'or3-provider-kit'

/**
 * Where a blob lives. Every path is built here, from two hashes only: the sha256 of the
 * workspace id and the content hash, both reduced to lowercase hex. Nothing a caller typed
 * (a file name, a workspace id with `../`) ever becomes a path segment.
 */
export interface BlobLocation {
  /** `<root>/<workspace hex>/<first two hex of the content hash>` */
  dir: string
  /** The bytes. Uploaded but uncommitted while no sidecar sits next to it. */
  blobPath: string
  /** Commit metadata (`<hex>.json`), written only after the bytes are in place. */
  metaPath: string
}

const CONTENT_HASH = /^sha256:([0-9a-f]{64})$/
const CONTENT_HEX = /^[0-9a-f]{64}$/

/** Name of the temp directory under the root; it can never collide with a workspace directory. */
export const TEMP_DIR_NAME = '.tmp'

/** The directory name of a workspace: the first 32 hex digits of sha256(workspaceId). */
export function workspaceDirName(workspaceId: string): string {
  return createHash('sha256').update(workspaceId, 'utf8').digest('hex').slice(0, 32)
}

export function workspaceDir(root: string, workspaceId: string): string {
  return join(root, workspaceDirName(workspaceId))
}

/** The hex digest of a `sha256:<hex>` content hash; throws VALIDATION for anything else. */
export function contentHex(hash: string): string {
  const match = CONTENT_HASH.exec(hash)
  if (!match?.[1]) {
    throw new ProviderError('VALIDATION', "hash must be 'sha256:' followed by 64 lowercase hex digits")
  }
  return match[1]
}

export function isContentHex(name: string): boolean {
  return CONTENT_HEX.test(name)
}

export function locateBlob(root: string, workspaceId: string, hash: string): BlobLocation {
  const hex = contentHex(hash)
  const dir = join(workspaceDir(root, workspaceId), hex.slice(0, 2))
  return { dir, blobPath: join(dir, hex), metaPath: join(dir, `${hex}.json`) }
}

export function tempDir(root: string): string {
  return join(root, TEMP_DIR_NAME)
}

/**
 * A fresh temp file path. The creation time (from the injected clock) leads the name so GC can
 * age temp files by the same clock as everything else; file mtimes move while bytes stream in.
 */
export function newTempPath(root: string, createdAt: number): string {
  return join(tempDir(root), `${createdAt}-${randomBytes(12).toString('hex')}.part`)
}

/** The creation time encoded by `newTempPath`, or null for a name it did not make. */
export function tempCreatedAt(name: string): number | null {
  const match = /^(\d{1,16})-[0-9a-f]{24}\.part$/.exec(name)
  return match?.[1] ? Number(match[1]) : null
}
