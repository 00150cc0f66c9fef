import { ProviderError } from 'or3-provider-kit'
import { shallowRef, watch } from 'vue'
import type { TransferProgress } from '~/core/storage/storage-queue'
import { useWorkspaceDb } from './useWorkspaceDb'

/** Attachments of the open workspace: upload, fetch by hash, and the transfers in progress. */
export function useStorageQueue() {
  const { storage, db } = useWorkspaceDb()
  const transfers = shallowRef<TransferProgress[]>([])
  watch(
    storage,
    (queue, _previous, onCleanup) => {
      transfers.value = []
      if (queue) onCleanup(queue.subscribe((next) => (transfers.value = next)))
    },
    { immediate: true },
  )

  function requireQueue() {
    if (!storage.value) throw new ProviderError('NOT_CONFIGURED', 'Attachments need cloud mode with file storage turned on')
    return storage.value
  }

  return {
    transfers,
    upload: (file: Blob, meta: { name: string; mimeType?: string }) => requireQueue().upload(file, meta),
    /** The bytes of an attachment: kept on this device, else downloaded and verified. */
    async blobFor(hash: string): Promise<Blob> {
      const local = await db.value?.file_blobs.get(hash)
      return local ? local.blob : requireQueue().ensureBlob(hash)
    },
  }
}
