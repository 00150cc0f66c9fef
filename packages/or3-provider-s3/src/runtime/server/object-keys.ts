import { createHash } from 'node:crypto'
import { ProviderError } from 'or3-provider-kit'

/**
 * Where a workspace's objects live in the bucket. Keys are built here from two hashes only (the
 * sha256 of the workspace id and the content hash), so nothing a caller typed becomes part of a
 * key, and one workspace's content address never names another's object.
 *
 *   <prefix>workspaces/<ws hex>/blobs/<content hex>          the bytes
 *   <prefix>workspaces/<ws hex>/commits/<content hex>.json   the commit record, written after verifying them
 */
const CONTENT_HASH = /^sha256:([0-9a-f]{64})$/
const BLOB_KEY = /\/blobs\/([0-9a-f]{64})$/
const COMMIT_KEY = /\/commits\/([0-9a-f]{64})\.json$/

export interface ObjectKeys {
  blob: string
  commit: string
}

/** The hex digest of a `sha256:<hex>` content hash; throws VALIDATION for anything else. */
export function contentHex(hash: string): string {
  const match = CONTENT_HASH.exec(hash)
  if (!match?.[1]) throw new ProviderError('VALIDATION', "hash must be 'sha256:' followed by 64 lowercase hex digits")
  return match[1]
}

/** The key segment of a workspace: the first 32 hex digits of sha256(workspaceId). */
export function workspaceSegment(workspaceId: string): string {
  return createHash('sha256').update(workspaceId, 'utf8').digest('hex').slice(0, 32)
}

export function workspacePrefix(prefix: string, workspaceId: string): string {
  return `${prefix}workspaces/${workspaceSegment(workspaceId)}/`
}

export function objectKeys(prefix: string, workspaceId: string, hash: string): ObjectKeys {
  const base = workspacePrefix(prefix, workspaceId)
  const hex = contentHex(hash)
  return { blob: `${base}blobs/${hex}`, commit: `${base}commits/${hex}.json` }
}

/** What a listed key holds: the bytes or the commit record of a content hash, or neither. */
export function classifyKey(key: string): { kind: 'blob' | 'commit'; hash: string } | null {
  const blob = BLOB_KEY.exec(key)
  if (blob?.[1]) return { kind: 'blob', hash: `sha256:${blob[1]}` }
  const commit = COMMIT_KEY.exec(key)
  if (commit?.[1]) return { kind: 'commit', hash: `sha256:${commit[1]}` }
  return null
}

/** The base64 SHA-256 S3 checks (`x-amz-checksum-sha256`) for a `sha256:<hex>` hash. */
export function checksumOf(hash: string): string {
  return Buffer.from(contentHex(hash), 'hex').toString('base64')
}
