import { z } from 'zod'
import { workspaceIdSchema } from './common.ts'

/** Content address of a blob: `sha256:` and 64 lowercase hex digits. */
export const blobHashSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, "hash must be 'sha256:' followed by 64 lowercase hex digits")
export type BlobHash = z.infer<typeof blobHashSchema>

export const mimeTypeSchema = z
  .string()
  .max(255)
  .regex(/^[a-z0-9][\w!#$&^.+-]*\/[a-z0-9][\w!#$&^.+-]*$/i, 'mimeType must look like type/subtype')

export const sizeBytesSchema = z.number().int().positive('sizeBytes must be positive')

export const presignUploadRequestSchema = z
  .object({ workspaceId: workspaceIdSchema, hash: blobHashSchema, mimeType: mimeTypeSchema, sizeBytes: sizeBytesSchema })
  .strict()
export type PresignUploadRequest = z.infer<typeof presignUploadRequestSchema>

export const presignedRequestSchema = z.object({
  url: z.string(),
  method: z.enum(['PUT', 'POST', 'GET']),
  headers: z.record(z.string(), z.string()),
  /** ms since the epoch. */
  expiresAt: z.number(),
})
export type PresignedRequest = z.infer<typeof presignedRequestSchema>

export const presignUploadResponseSchema = presignedRequestSchema.extend({
  /** The workspace already holds this blob: skip the upload and commit. */
  alreadyExists: z.boolean(),
})
export type PresignUploadResponse = z.infer<typeof presignUploadResponseSchema>

export const presignDownloadRequestSchema = z.object({ workspaceId: workspaceIdSchema, hash: blobHashSchema }).strict()
export type PresignDownloadRequest = z.infer<typeof presignDownloadRequestSchema>

export const presignDownloadResponseSchema = presignedRequestSchema
export type PresignDownloadResponse = z.infer<typeof presignDownloadResponseSchema>

/** An upload's JSON answer: an object of at most 16 fields, small enough to pass through a commit. */
export const uploadReceiptSchema = z
  .record(z.string().max(64), z.unknown())
  .refine((receipt) => Object.keys(receipt).length <= 16 && JSON.stringify(receipt).length <= 4096, {
    message: 'receipt must be a small JSON object (at most 16 fields, 4 KiB)',
  })
export type UploadReceipt = z.infer<typeof uploadReceiptSchema>

export const commitRequestSchema = z
  .object({
    workspaceId: workspaceIdSchema,
    hash: blobHashSchema,
    mimeType: mimeTypeSchema,
    sizeBytes: sizeBytesSchema,
    name: z.string().trim().min(1).max(255),
    /**
     * What the upload answered (its JSON body), passed through unchanged by the client: a backend
     * whose commit needs the upload's result (Convex: `{ storageId }`) reads it; others ignore it.
     */
    receipt: uploadReceiptSchema.optional(),
  })
  .strict()
export type CommitRequest = z.infer<typeof commitRequestSchema>

export const commitResponseSchema = z.object({ hash: blobHashSchema, committed: z.literal(true) })
export type CommitResponse = z.infer<typeof commitResponseSchema>

export const storageGcRequestSchema = z.object({ workspaceId: workspaceIdSchema }).strict()
export type StorageGcRequest = z.infer<typeof storageGcRequestSchema>

export const storageGcResponseSchema = z.object({ removed: z.number().int().nonnegative() })
export type StorageGcResponse = z.infer<typeof storageGcResponseSchema>
