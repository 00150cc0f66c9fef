import { z } from 'zod'
import { scopeSchema } from './common.ts'

/** Tables that sync. Anything else a device keeps (secrets, device-local kv) never leaves it. */
export const SYNCED_TABLES = ['threads', 'messages', 'projects', 'posts', 'kv', 'file_meta', 'notifications'] as const
export const syncedTableSchema = z.enum(SYNCED_TABLES)
export type SyncedTable = z.infer<typeof syncedTableSchema>

export const SYNC_LIMITS = {
  maxOpsPerPush: 100,
  maxPayloadBytes: 64 * 1024,
  maxOpIdLength: 64,
  maxPkLength: 256,
  maxPullLimit: 1000,
  defaultPullLimit: 500,
  maxSnapshotLimit: 1000,
  defaultSnapshotLimit: 500,
} as const

/** Hybrid logical clock, serialized so that string order is causal order (e.g. `<ms>:<counter>:<node>`). */
export const hlcSchema = z.string().min(1).max(128)

export const stampSchema = z
  .object({
    deviceId: z.string().min(1).max(128),
    opId: z.string().min(1).max(SYNC_LIMITS.maxOpIdLength),
    hlc: hlcSchema,
    /** Per-record revision, +1 on every local write. */
    clock: z.number().int().nonnegative(),
  })
  .strict()
export type ChangeStamp = z.infer<typeof stampSchema>

export const syncPayloadSchema = z.record(z.string(), z.unknown())
export type SyncPayload = z.infer<typeof syncPayloadSchema>

export const pendingOpSchema = z
  .object({
    opId: z.string().min(1).max(SYNC_LIMITS.maxOpIdLength),
    tableName: syncedTableSchema,
    operation: z.enum(['put', 'delete']),
    pk: z.string().min(1).max(SYNC_LIMITS.maxPkLength),
    payload: syncPayloadSchema.optional(),
    stamp: stampSchema,
  })
  .strict()
  .refine((op) => op.operation === 'delete' || op.payload !== undefined, {
    message: 'a put needs a payload',
    path: ['payload'],
  })
  .refine((op) => op.opId === op.stamp.opId, { message: 'stamp.opId must equal opId', path: ['stamp', 'opId'] })
export type PendingOp = z.infer<typeof pendingOpSchema>

export const pushRequestSchema = z
  .object({
    scope: scopeSchema,
    ops: z
      .array(pendingOpSchema)
      .min(1, 'push at least one op')
      .max(SYNC_LIMITS.maxOpsPerPush, `push at most ${SYNC_LIMITS.maxOpsPerPush} ops per batch`),
  })
  .strict()
export type PushRequest = z.infer<typeof pushRequestSchema>

export const opErrorSchema = z.object({
  code: z.enum(['CONFLICT', 'VALIDATION', 'TOO_LARGE']),
  message: z.string(),
})
export type OpError = z.infer<typeof opErrorSchema>

export const pushResultSchema = z.object({
  opId: z.string(),
  applied: z.boolean(),
  /** The version this op got when it won, or the current winner's version when it lost. */
  serverVersion: z.number().int().nonnegative(),
  error: opErrorSchema.optional(),
})
export type PushResult = z.infer<typeof pushResultSchema>

export const pushResponseSchema = z.object({
  results: z.array(pushResultSchema),
  /** The workspace's latest version after this batch. */
  serverVersion: z.number().int().nonnegative(),
})
export type PushResponse = z.infer<typeof pushResponseSchema>

export const pullRequestSchema = z
  .object({
    scope: scopeSchema,
    cursor: z.number().int().nonnegative(),
    limit: z.number().int().min(1).max(SYNC_LIMITS.maxPullLimit).default(SYNC_LIMITS.defaultPullLimit),
    tables: z.array(syncedTableSchema).min(1).optional(),
  })
  .strict()
export type PullRequest = z.input<typeof pullRequestSchema>

export const syncChangeSchema = z.object({
  serverVersion: z.number().int().positive(),
  tableName: syncedTableSchema,
  pk: z.string(),
  op: z.enum(['put', 'delete']),
  payload: syncPayloadSchema.optional(),
  stamp: stampSchema,
})
export type SyncChange = z.infer<typeof syncChangeSchema>

export const pullResponseSchema = z.object({
  changes: z.array(syncChangeSchema),
  nextCursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** The cursor is below the GC horizon: bootstrap with `snapshot`, then pull from its version. */
  requiresSnapshot: z.boolean().optional(),
})
export type PullResponse = z.infer<typeof pullResponseSchema>

export const snapshotRequestSchema = z
  .object({
    scope: scopeSchema,
    /** Omit on the first page; later pages repeat the version the first page pinned. */
    atVersion: z.number().int().nonnegative().optional(),
    /** Opaque paging token from the previous page. */
    pageToken: z.string().max(512).optional(),
    limit: z
      .number()
      .int()
      .min(1)
      .max(SYNC_LIMITS.maxSnapshotLimit)
      .default(SYNC_LIMITS.defaultSnapshotLimit),
    tables: z.array(syncedTableSchema).min(1).optional(),
  })
  .strict()
  .refine((v) => v.pageToken === undefined || v.atVersion !== undefined, {
    message: 'a pageToken needs the atVersion of the first page',
    path: ['atVersion'],
  })
export type SnapshotRequest = z.input<typeof snapshotRequestSchema>

export const snapshotRowSchema = z.object({
  tableName: syncedTableSchema,
  pk: z.string(),
  payload: syncPayloadSchema.optional(),
  deleted: z.boolean(),
  stamp: stampSchema,
  serverVersion: z.number().int().positive(),
})
export type SnapshotRow = z.infer<typeof snapshotRowSchema>

export const snapshotResponseSchema = z.object({
  rows: z.array(snapshotRowSchema),
  /** Pinned: rows changed after it are left to the pull that follows the snapshot. */
  version: z.number().int().nonnegative(),
  nextPageToken: z.string().nullable(),
  hasMore: z.boolean(),
  /**
   * How many rows the snapshot holds (every page, with the request's `tables`) when its first
   * page is read; on the first page only, so a device can show "12,000 of 50,000". A row changed
   * while the device pages drops out of the pinned view, so the pages may hold fewer. Optional:
   * an adapter that cannot count cheaply leaves it out, and devices show the count alone.
   */
  totalRows: z.number().int().nonnegative().optional(),
})
export type SnapshotResponse = z.infer<typeof snapshotResponseSchema>

export const updateCursorRequestSchema = z
  .object({
    scope: scopeSchema,
    deviceId: z.string().min(1).max(128),
    version: z.number().int().nonnegative(),
  })
  .strict()
export type UpdateCursorRequest = z.infer<typeof updateCursorRequestSchema>

export const updateCursorResponseSchema = z.object({
  /** The stored cursor: never lower than before. */
  cursor: z.number().int().nonnegative(),
})
export type UpdateCursorResponse = z.infer<typeof updateCursorResponseSchema>

export const gcRequestSchema = z.object({ scope: scopeSchema }).strict()
export type GcRequest = z.infer<typeof gcRequestSchema>

export const gcResponseSchema = z.object({ removed: z.number().int().nonnegative() })
export type GcResponse = z.infer<typeof gcResponseSchema>

export const syncEventsQuerySchema = z.object({ workspaceId: scopeSchema.shape.workspaceId }).strict()
