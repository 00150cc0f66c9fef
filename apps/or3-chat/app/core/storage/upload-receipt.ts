import { uploadReceiptSchema, type UploadReceipt } from 'or3-provider-kit'

/**
 * What an upload answered, kept only when it is a small JSON object (Convex answers
 * `{ storageId }`; the fs route answers nothing that matters): the storage queue hands it to the
 * commit unchanged, and the backend that needs it reads it.
 */
export function uploadReceiptFrom(body: string): UploadReceipt | undefined {
  if (!body.trim().startsWith('{')) return undefined
  try {
    const parsed = uploadReceiptSchema.safeParse(JSON.parse(body))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
