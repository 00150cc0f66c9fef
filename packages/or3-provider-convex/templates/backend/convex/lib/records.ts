import { v, type Infer } from 'convex/values'
import type { Doc } from '../_generated/dataModel'
import { roleValidator } from './validators'

// The shapes OR3's WorkspaceStore contract answers with (UserRecord, WorkspaceRecord, ...).

export const userRecordValidator = v.object({
  id: v.string(),
  email: v.optional(v.string()),
  displayName: v.optional(v.string()),
  isAdmin: v.boolean(),
  createdAt: v.number(),
})

export const workspaceRecordValidator = v.object({
  id: v.string(),
  name: v.string(),
  description: v.union(v.string(), v.null()),
  ownerUserId: v.string(),
  isPersonal: v.boolean(),
  createdAt: v.number(),
  updatedAt: v.number(),
})

export const membershipRecordValidator = v.object({ ...workspaceRecordValidator.fields, role: roleValidator })

export const memberRecordValidator = v.object({
  userId: v.string(),
  email: v.optional(v.string()),
  displayName: v.optional(v.string()),
  role: roleValidator,
})

export function toUserRecord(user: Doc<'users'>): Infer<typeof userRecordValidator> {
  return {
    id: user._id,
    ...(user.email !== undefined ? { email: user.email } : {}),
    ...(user.displayName !== undefined ? { displayName: user.displayName } : {}),
    isAdmin: user.isAdmin,
    createdAt: user.createdAt,
  }
}

export function toWorkspaceRecord(workspace: Doc<'workspaces'>): Infer<typeof workspaceRecordValidator> {
  return {
    id: workspace._id,
    name: workspace.name,
    description: workspace.description,
    ownerUserId: workspace.ownerUserId,
    isPersonal: workspace.isPersonal,
    createdAt: workspace.createdAt,
    updatedAt: workspace.updatedAt,
  }
}

export function toMembershipRecord(
  workspace: Doc<'workspaces'>,
  membership: Doc<'memberships'>,
): Infer<typeof membershipRecordValidator> {
  return { ...toWorkspaceRecord(workspace), role: membership.role }
}
