import { z } from 'zod'
import { workspaceIdSchema, workspaceRoleSchema } from './common.ts'
import { invitationEmailSchema, invitationIdSchema } from './workspaces.ts'

// What server contracts accept besides wire requests: the arguments core (or any other caller)
// hands a store. The adapter factories check them, so a store receives only these shapes.

/** OR3 user ids, job ids and the like: opaque to core, chosen by the store. */
export const storeIdSchema = z.string().min(1, 'an id is required').max(128, 'an id is at most 128 characters')

export const providerIdentitySchema = z.object({
  provider: z.string().min(1).max(64),
  providerUserId: z.string().min(1).max(256),
  email: z.string().max(320).optional(),
  displayName: z.string().max(200).optional(),
  emailVerified: z.boolean().optional(),
})

export const createInvitationInputSchema = z.object({
  workspaceId: workspaceIdSchema,
  email: invitationEmailSchema,
  role: workspaceRoleSchema,
  invitedByUserId: storeIdSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'tokenHash must be the hex SHA-256 of the link token'),
  expiresAt: z.number().int().positive(),
})

export const inviteeSchema = z.object({
  userId: storeIdSchema,
  email: z.string().max(320).optional(),
  emailVerified: z.boolean().optional(),
})

export const invitationTokenHashSchema = z.string().min(1).max(128)

export const invitationRefSchema = z.union([
  z.object({ tokenHash: invitationTokenHashSchema }),
  z.object({ invitationId: invitationIdSchema }),
])

export const rateLimitKeySchema = z.string().min(1).max(512)

export const rateLimitWindowSchema = z.object({
  windowMs: z.number().int().positive(),
  limit: z.number().int().nonnegative(),
})

export const createJobInputSchema = z.object({
  userId: storeIdSchema,
  workspaceId: storeIdSchema.nullable().optional(),
  threadId: storeIdSchema,
  messageId: storeIdSchema,
})

/** A job's failure, as stored: long upstream messages are cut, never refused. */
export const jobFailureMessageSchema = z.string().transform((message) => message.slice(0, 2000))

export const jobReadOffsetSchema = z.number().int().nonnegative()

export const jobCleanupOptionsSchema = z.object({
  olderThanMs: z.number().nonnegative(),
  timeoutMs: z.number().nonnegative().optional(),
})

export const notificationInputSchema = z.object({
  workspaceId: workspaceIdSchema,
  userId: storeIdSchema,
  type: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  body: z.string().max(4000).optional(),
  threadId: storeIdSchema.optional(),
})
