import { defineSchema, defineTable } from 'convex/server'
import { v } from 'convex/values'
import { invitationStatusValidator, jobFields, roleValidator, settingsFields } from './lib/validators'

// The OR3 backend's tables. Put here by `or3-provider-convex init`; `init --update` lists the
// files that differ from the provider's templates, so local edits are visible on upgrade.

export default defineSchema({
  // ------------------------------------------------------------ identity and workspaces

  /** One row per sign-in identity: `tokenIdentifier` is the verified token's `iss|sub`. */
  users: defineTable({
    tokenIdentifier: v.string(),
    email: v.optional(v.string()),
    emailVerified: v.boolean(),
    displayName: v.optional(v.string()),
    /** The deployment admin: the first account the deployment created. */
    isAdmin: v.boolean(),
    createdAt: v.number(),
  }).index('by_token', ['tokenIdentifier']),

  workspaces: defineTable({
    name: v.string(),
    description: v.union(v.string(), v.null()),
    ownerUserId: v.id('users'),
    isPersonal: v.boolean(),
    createdAt: v.number(),
    updatedAt: v.number(),
    /** Set by remove: hidden at once, purged once it is older than the workspace retention. */
    removedAt: v.union(v.number(), v.null()),
  })
    .index('by_owner', ['ownerUserId', 'isPersonal', 'removedAt'])
    .index('by_removed', ['removedAt']),

  memberships: defineTable({
    workspaceId: v.id('workspaces'),
    userId: v.id('users'),
    role: roleValidator,
    createdAt: v.number(),
  })
    .index('by_workspace_user', ['workspaceId', 'userId'])
    .index('by_workspace_age', ['workspaceId', 'createdAt'])
    .index('by_user', ['userId']),

  activeWorkspaces: defineTable({
    userId: v.id('users'),
    workspaceId: v.id('workspaces'),
    updatedAt: v.number(),
  })
    .index('by_user', ['userId'])
    .index('by_workspace', ['workspaceId']),

  /** Only the hash of an invite link's token is stored; the token itself never is. */
  invitations: defineTable({
    workspaceId: v.id('workspaces'),
    email: v.string(),
    role: roleValidator,
    invitedByUserId: v.id('users'),
    tokenHash: v.string(),
    status: invitationStatusValidator,
    createdAt: v.number(),
    expiresAt: v.number(),
    answeredAt: v.union(v.number(), v.null()),
  })
    .index('by_token_hash', ['tokenHash'])
    .index('by_workspace_status', ['workspaceId', 'status', 'createdAt'])
    .index('by_email_status', ['email', 'status', 'createdAt']),

  // ------------------------------------------------------------ sync

  /**
   * The workspace's version counter and GC horizon: one small document that every winning push
   * writes. It serializes a workspace's writers on purpose (see the package README, "contention").
   * `workspaceId` is a plain string: sync scopes are opaque to the protocol.
   */
  syncCounters: defineTable({
    workspaceId: v.string(),
    version: v.number(),
    gcHorizon: v.number(),
  }).index('by_workspace', ['workspaceId']),

  /** The current winner of every record, tombstones included. Payloads are the device's JSON text. */
  syncRows: defineTable({
    workspaceId: v.string(),
    tableName: v.string(),
    pk: v.string(),
    payloadJson: v.union(v.string(), v.null()),
    deleted: v.boolean(),
    deviceId: v.string(),
    opId: v.string(),
    hlc: v.string(),
    clock: v.number(),
    version: v.number(),
    updatedAt: v.number(),
  })
    .index('by_row', ['workspaceId', 'tableName', 'pk'])
    .index('by_tombstone', ['workspaceId', 'deleted', 'updatedAt']),

  /** Winners only, one document per version. */
  syncChanges: defineTable({
    workspaceId: v.string(),
    version: v.number(),
    tableName: v.string(),
    pk: v.string(),
    op: v.union(v.literal('put'), v.literal('delete')),
    payloadJson: v.union(v.string(), v.null()),
    deviceId: v.string(),
    opId: v.string(),
    hlc: v.string(),
    clock: v.number(),
    createdAt: v.number(),
  }).index('by_version', ['workspaceId', 'version']),

  /** Every op id seen, with its content fingerprint and first result, for idempotent replay. */
  syncOps: defineTable({
    workspaceId: v.string(),
    opId: v.string(),
    fingerprint: v.string(),
    applied: v.boolean(),
    version: v.number(),
    createdAt: v.number(),
  })
    .index('by_op', ['workspaceId', 'opId'])
    .index('by_age', ['workspaceId', 'createdAt']),

  syncCursors: defineTable({
    workspaceId: v.string(),
    deviceId: v.string(),
    cursor: v.number(),
    updatedAt: v.number(),
  }).index('by_device', ['workspaceId', 'deviceId']),

  // ------------------------------------------------------------ storage

  /** A presigned upload waiting for its commit (the claim the stored bytes are checked against). */
  storageUploads: defineTable({
    workspaceId: v.string(),
    hash: v.string(),
    mimeType: v.string(),
    sizeBytes: v.number(),
    createdAt: v.number(),
  })
    .index('by_hash', ['workspaceId', 'hash'])
    .index('by_age', ['workspaceId', 'createdAt']),

  /** A committed, content-addressed blob of one workspace. */
  storageBlobs: defineTable({
    workspaceId: v.string(),
    hash: v.string(),
    storageId: v.id('_storage'),
    mimeType: v.string(),
    sizeBytes: v.number(),
    name: v.string(),
    committedAt: v.number(),
  })
    .index('by_hash', ['workspaceId', 'hash'])
    .index('by_age', ['workspaceId', 'committedAt'])
    .index('by_storage', ['storageId']),

  // ------------------------------------------------------------ limits, jobs, settings

  rateLimits: defineTable({
    key: v.string(),
    count: v.number(),
    resetAt: v.number(),
  })
    .index('by_key', ['key'])
    .index('by_reset', ['resetAt']),

  jobs: defineTable(jobFields)
    .index('by_status_user', ['status', 'userId'])
    .index('by_status_created', ['status', 'createdAt'])
    .index('by_status_updated', ['status', 'updatedAt']),

  jobChunks: defineTable({
    jobId: v.id('jobs'),
    start: v.number(),
    end: v.number(),
    content: v.string(),
  }).index('by_job', ['jobId', 'end']),

  /** Deployment settings the OR3 server writes at boot (`admin:configure`); defaults otherwise. */
  settings: defineTable({
    key: v.string(),
    ...settingsFields,
    updatedAt: v.number(),
  }).index('by_key', ['key']),

  /** Where a paged maintenance sweep stopped, so the next run goes on from there. */
  maintenanceCursors: defineTable({
    key: v.string(),
    position: v.number(),
  }).index('by_key', ['key']),
})
