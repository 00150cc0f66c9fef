import { v } from 'convex/values'

// Value sets stored in the schema and answered by the functions.

export const roleValidator = v.union(v.literal('owner'), v.literal('editor'), v.literal('viewer'))

export const jobStatusValidator = v.union(
  v.literal('running'),
  v.literal('completed'),
  v.literal('failed'),
  v.literal('aborted'),
)

export const invitationStatusValidator = v.union(
  v.literal('pending'),
  v.literal('accepted'),
  v.literal('declined'),
  v.literal('revoked'),
)

/** A background job's fields: the `jobs` table and the JobRecord the functions answer. */
export const jobUsageValidator = v.object({ input: v.number(), output: v.number() })

export const jobFields = {
  userId: v.string(),
  workspaceId: v.union(v.string(), v.null()),
  threadId: v.string(),
  messageId: v.string(),
  status: jobStatusValidator,
  /** Output length in UTF-16 code units, the unit of read offsets. */
  length: v.number(),
  error: v.union(v.string(), v.null()),
  /** Tokens a completed answer cost, when the upstream reported them (absent on older jobs). */
  usage: v.optional(v.union(jobUsageValidator, v.null())),
  createdAt: v.number(),
  updatedAt: v.number(),
}

/** The deployment settings the OR3 server configures (`admin:configure`), stored in `settings`. */
export const settingsFields = {
  syncRetentionMs: v.number(),
  workspaceRetentionMs: v.number(),
  uploadGraceMs: v.number(),
  maxFileBytes: v.number(),
  allowedMimeTypes: v.array(v.string()),
  jobRetentionMs: v.number(),
  jobTimeoutMs: v.number(),
}
