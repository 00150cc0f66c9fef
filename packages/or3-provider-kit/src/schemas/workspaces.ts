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

export const setMemberRequestSchema = z
  .object({ email: z.string().trim().toLowerCase().email('email must be an email address').max(320), role: workspaceRoleSchema })
  .strict()
export type SetMemberRequest = z.infer<typeof setMemberRequestSchema>

export const memberParamsSchema = z.object({ id: workspaceIdSchema, userId: z.string().min(1).max(128) }).strict()
