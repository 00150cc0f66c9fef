import { z } from 'zod'

export const JOB_STATUSES = ['running', 'completed', 'failed', 'aborted'] as const
export const jobStatusSchema = z.enum(JOB_STATUSES)
export type JobStatus = z.infer<typeof jobStatusSchema>

export const jobIdParamsSchema = z.object({ id: z.string().min(1).max(128) }).strict()

export const jobStreamQuerySchema = z
  .object({ offset: z.coerce.number().int().nonnegative().default(0) })
  .strict()

export const jobSnapshotSchema = z.object({
  id: z.string(),
  status: jobStatusSchema,
  threadId: z.string(),
  messageId: z.string(),
  /** Output from the requested offset on. */
  content: z.string(),
  /** Offset to ask for next. */
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  error: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type JobSnapshot = z.infer<typeof jobSnapshotSchema>
