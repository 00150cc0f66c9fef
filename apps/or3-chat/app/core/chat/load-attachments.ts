import type { WorkspaceSession } from '../workspace/workspace-session'
import type { AttachmentForModel } from './attachment-parts'

/**
 * The files of a message for the model: bytes from this device, else downloaded (and verified)
 * through the storage queue. A file that is nowhere to be had is left out rather than failing
 * the whole answer; its chip in the thread says it is missing.
 */
export async function loadAttachments(session: Pick<WorkspaceSession, 'db' | 'storage'>, hashes: readonly string[]): Promise<AttachmentForModel[]> {
  const loaded: AttachmentForModel[] = []
  for (const hash of hashes) {
    const meta = await session.db.file_meta.get(hash)
    let blob = (await session.db.file_blobs.get(hash))?.blob ?? null
    if (!blob && session.storage) blob = await session.storage.ensureBlob(hash).catch(() => null)
    if (!blob) continue
    const live = meta && !meta.deleted ? meta : null
    // A file still uploading has no file_meta row yet; its transfer knows its name and type.
    const uploading = live ? null : await session.db.transfers.get(`upload:${hash}`)
    const name = live?.name ?? uploading?.name ?? 'attachment'
    const mimeType = live?.mime_type ?? (uploading?.mime_type || blob.type || 'application/octet-stream')
    loaded.push({ name, mimeType, blob, hash })
  }
  return loaded
}
