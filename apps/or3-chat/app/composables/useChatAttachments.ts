import { onScopeDispose, ref } from 'vue'
import { checkAttachment, MAX_ATTACHMENTS_PER_MESSAGE, serverAttachmentRules, type AttachmentKind } from '~/core/chat/attachment-policy'
import { fileKindOf } from '~/core/storage/storage-queue'
import { hashBytes } from '~/core/storage/hash-blob'
import { useOr3Session } from './useOr3Session'
import type { WorkspaceSession } from '~/core/workspace/workspace-session'
import { useWorkspaceDb } from './useWorkspaceDb'

export interface PendingAttachment {
  hash: string
  name: string
  kind: AttachmentKind
  mimeType: string
  sizeBytes: number
  /** An object URL for image thumbnails; revoked when the attachment leaves the composer. */
  previewUrl: string | null
}

/**
 * The files attached to the message being written. Each one is kept on this device at once (so
 * the answer can use it and the thread can show it offline); in cloud mode it is also handed to
 * the storage queue, which uploads it in the background and writes its synced file_meta row. In
 * local-only mode the file_meta row is written here (nothing syncs there).
 */
export function useChatAttachments() {
  const { whenOpen } = useWorkspaceDb()
  const { data: serverInfo } = useOr3Session()
  const attachments = ref<PendingAttachment[]>([])
  const problems = ref<string[]>([])
  const adding = ref(false)

  async function keep(open: WorkspaceSession, file: File, mimeType: string): Promise<string> {
    const blob = file.type === mimeType ? file : new Blob([file], { type: mimeType })
    if (open.storage) {
      // The queue hashes and keeps the bytes; this waits only until the transfer is recorded (its
      // name is what the model is told until the synced file_meta row exists). The upload retries
      // on its own, and the sidebar's sync status and the chip show failures.
      const { hash, uploaded } = await open.storage.queueUpload(blob, { name: file.name, mimeType })
      uploaded.catch(() => undefined)
      return hash
    }
    const hash = await hashBytes(file)
    await open.db.file_blobs.put({ hash, blob, stored_at: Date.now() })
    const existing = await open.db.file_meta.get(hash)
    if (!existing || existing.deleted) {
      await open.writer.put('file_meta', {
        hash,
        name: file.name,
        mime_type: mimeType,
        size_bytes: file.size,
        kind: fileKindOf(mimeType),
        width: null,
        height: null,
        created_at: Date.now(),
      })
    }
    return hash
  }

  async function add(files: Iterable<File>) {
    adding.value = true
    problems.value = []
    try {
      // Files chosen right after sign-in wait for the workspace to open rather than fail.
      const open = await whenOpen().catch((error: Error) => {
        problems.value.push(error.message)
        return null
      })
      if (!open) return
      for (const file of files) {
        if (attachments.value.length >= MAX_ATTACHMENTS_PER_MESSAGE) {
          problems.value.push(`At most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message`)
          break
        }
        const check = checkAttachment(file, serverAttachmentRules(serverInfo.value?.limits, Boolean(open.storage)))
        if (!check.ok) {
          problems.value.push(check.reason)
          continue
        }
        try {
          const hash = await keep(open, file, check.mimeType)
          if (attachments.value.some((attachment) => attachment.hash === hash)) continue
          attachments.value.push({
            hash,
            name: file.name,
            kind: check.kind,
            mimeType: check.mimeType,
            sizeBytes: file.size,
            previewUrl: check.kind === 'image' ? URL.createObjectURL(file) : null,
          })
        } catch (error) {
          problems.value.push(`${file.name}: ${error instanceof Error ? error.message : 'could not be attached'}`)
        }
      }
    } finally {
      adding.value = false
    }
  }

  function release(attachment: PendingAttachment) {
    if (attachment.previewUrl) URL.revokeObjectURL(attachment.previewUrl)
  }

  function remove(hash: string) {
    const index = attachments.value.findIndex((attachment) => attachment.hash === hash)
    if (index === -1) return
    release(attachments.value[index]!)
    attachments.value.splice(index, 1)
  }

  /** Empties the composer after sending; the bytes stay on the device for the thread. */
  function clear() {
    for (const attachment of attachments.value) release(attachment)
    attachments.value = []
    problems.value = []
  }

  onScopeDispose(clear)

  return { attachments, problems, adding, add, remove, clear }
}
