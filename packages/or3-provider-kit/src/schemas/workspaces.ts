import { z } from 'zod'
import { workspaceIdSchema, workspaceRoleSchema } from './common.ts'

const nameSchema = z.string().trim().min(1, 'name is required').max(120, 'name is at most 120 characters')
const descriptionSchema = z.string().trim().max(2000, 'description is at most 2000 characters')

export const workspaceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  role: workspaceRoleSchema,
  isPersonal: z.boolean(),
  isActive: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type WorkspaceSummary = z.infer<typeof workspaceSummarySchema>

export const createWorkspaceRequestSchema = z
  .object({ name: nameSchema, description: descriptionSchema.optional() })
  .strict()
export type CreateWorkspaceRequest = z.infer<typeof createWorkspaceRequestSchema>

export const updateWorkspaceRequestSchema = z
  .object({ name: nameSchema.optional(), description: descriptionSchema.nullable().optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.description !== undefined, {
    message: 'give a name or a description to change',
  })
export type UpdateWorkspaceRequest = z.infer<typeof updateWorkspaceRequestSchema>

export const workspaceIdParamsSchema = z.object({ id: workspaceIdSchema }).strict()

export const setActiveWorkspaceRequestSchema = z.object({ workspaceId: workspaceIdSchema }).strict()
export type SetActiveWorkspaceRequest = z.infer<typeof setActiveWorkspaceRequestSchema>

export const listWorkspacesResponseSchema = z.object({
  workspaces: z.array(workspaceSummarySchema),
  activeWorkspaceId: z.string().nullable(),
})
export type ListWorkspacesResponse = z.infer<typeof listWorkspacesResponseSchema>

export const workspaceResponseSchema = z.object({ workspace: workspaceSummarySchema })
export type WorkspaceResponse = z.infer<typeof workspaceResponseSchema>

export const memberSummarySchema = z.object({
  userId: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  role: workspaceRoleSchema,
})
export type MemberSummary = z.infer<typeof memberSummarySchema>

export const listMembersResponseSchema = z.object({ members: z.array(memberSummarySchema) })
export type ListMembersResponse = z.infer<typeof listMembersResponseSchema>

export const memberParamsSchema = z.object({ id: workspaceIdSchema, userId: z.string().min(1).max(128) }).strict()

/** `PATCH /api/workspaces/:id/members/:userId`: a member's new role. */
export const updateMemberRequestSchema = z.object({ role: workspaceRoleSchema }).strict()
export type UpdateMemberRequest = z.infer<typeof updateMemberRequestSchema>

// ---------------------------------------------------------------- invitations

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const
export const invitationStatusSchema = z.enum(INVITATION_STATUSES)
export type InvitationStatus = z.infer<typeof invitationStatusSchema>

/** Trimmed and lower-cased: the form invitations store and compare. */
export const invitationEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, 'email is at most 320 characters')
  .email('Enter a valid email address')

/** The secret of an invite link: 32 random bytes, base64url (`createInvitationToken`). */
export const invitationTokenSchema = z
  .string()
  .min(32, 'this invite link is not complete')
  .max(128, 'this invite link is not valid')
  .regex(/^[\w-]+$/, 'this invite link is not valid')

export const invitationIdSchema = z.string().min(1).max(128)

export const invitationSummarySchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  workspaceName: z.string(),
  email: z.string(),
  role: workspaceRoleSchema,
  invitedByName: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number(),
  status: invitationStatusSchema,
})
export type InvitationSummary = z.infer<typeof invitationSummarySchema>

/** `POST /api/workspaces/:id/invitations`. */
export const createInvitationRequestSchema = z.object({ email: invitationEmailSchema, role: workspaceRoleSchema }).strict()
export type CreateInvitationRequest = z.infer<typeof createInvitationRequestSchema>

/**
 * The same answer whether or not anyone has an account with that email. `invitePath` (e.g.
 * `/invite/<token>`) is shown once: only the token's hash is stored.
 */
export const createInvitationResponseSchema = z.object({ invitation: invitationSummarySchema, invitePath: z.string() })
export type CreateInvitationResponse = z.infer<typeof createInvitationResponseSchema>

export const listInvitationsResponseSchema = z.object({ invitations: z.array(invitationSummarySchema) })
export type ListInvitationsResponse = z.infer<typeof listInvitationsResponseSchema>

export const invitationParamsSchema = z.object({ id: workspaceIdSchema, invitationId: invitationIdSchema }).strict()

/** `POST /api/invitations/accept` and `/decline`: by the link's token, or by id (verified email). */
export const respondToInvitationRequestSchema = z.union([
  z.object({ token: invitationTokenSchema }).strict(),
  z.object({ invitationId: invitationIdSchema }).strict(),
])
export type RespondToInvitationRequest = z.infer<typeof respondToInvitationRequestSchema>

/** `POST /api/invitations/preview`: what an invite link offers, before it is answered. */
export const previewInvitationRequestSchema = z.object({ token: invitationTokenSchema }).strict()
export type PreviewInvitationRequest = z.infer<typeof previewInvitationRequestSchema>

export const invitationResponseSchema = z.object({ invitation: invitationSummarySchema })
export type InvitationResponse = z.infer<typeof invitationResponseSchema>
