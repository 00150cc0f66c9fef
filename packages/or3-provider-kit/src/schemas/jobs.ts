import { z } from 'zod'

export const JOB_STATUSES = ['running', 'completed', 'failed', 'aborted'] as const
export const jobStatusSchema = z.enum(JOB_STATUSES)
export type JobStatus = z.infer<typeof jobStatusSchema>

/**
 * Tokens a finished answer cost, as the upstream reported them (prompt and completion tokens).
 * Stored with a completed job, so the device that writes the answer can keep it with the message.
 */
export const jobUsageSchema = z
  .object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() })
  .strict()
export type JobUsage = z.infer<typeof jobUsageSchema>

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
  /** Set on a completed job whose upstream reported usage. */
  usage: jobUsageSchema.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type JobSnapshot = z.infer<typeof jobSnapshotSchema>

/**
 * `GET /api/jobs/:id/stream` sends `delta` events, then one `done` event. Offsets count UTF-16
 * code units; `offset` is where the next read starts, so a client that kept the last one
 * resumes with exactly the rest.
 */
export const JOB_STREAM_EVENTS = { delta: 'delta', done: 'done' } as const

export const jobStreamDeltaSchema = z.object({
  content: z.string(),
  offset: z.number().int().nonnegative(),
})
export type JobStreamDelta = z.infer<typeof jobStreamDeltaSchema>

export const jobStreamDoneSchema = z.object({
  status: jobStatusSchema.exclude(['running']),
  error: z.string().nullable(),
  length: z.number().int().nonnegative(),
  usage: jobUsageSchema.nullable(),
})
export type JobStreamDone = z.infer<typeof jobStreamDoneSchema>

/** `POST /api/jobs/:id/abort`: `aborted` is false when the job had already ended. */
export const jobAbortResponseSchema = z.object({ aborted: z.boolean(), status: jobStatusSchema })
export type JobAbortResponse = z.infer<typeof jobAbortResponseSchema>
