import { z } from 'zod'

/** Workspace ids are opaque to core; providers choose them (uuid, Convex id, ...). */
export const workspaceIdSchema = z
  .string()
  .min(1, 'workspaceId is required')
  .max(128, 'workspaceId is at most 128 characters')
  .regex(/^[\w:.-]+$/, 'workspaceId may hold letters, digits and _ : . - only')

export const scopeSchema = z.object({ workspaceId: workspaceIdSchema }).strict()
export type SyncScope = z.infer<typeof scopeSchema>

export const WORKSPACE_ROLES = ['owner', 'editor', 'viewer'] as const
export const workspaceRoleSchema = z.enum(WORKSPACE_ROLES)
export type WorkspaceRole = z.infer<typeof workspaceRoleSchema>

export const PERMISSIONS = [
  'workspace.read',
  'workspace.write',
  'workspace.settings.manage',
  'workspace.members.manage',
  'admin.access',
] as const
export type Permission = (typeof PERMISSIONS)[number]

/** Milliseconds since the epoch, as every timestamp on the wire. */
export const epochMsSchema = z.number().int().nonnegative()
