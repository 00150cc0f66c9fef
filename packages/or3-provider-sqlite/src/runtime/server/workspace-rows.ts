import {
  invitationStatusAt,
  type InvitationRecord,
  type InvitationStatus,
  type MembershipRecord,
  type UserRecord,
  type WorkspaceRecord,
  type WorkspaceRole,
} from 'or3-provider-kit'

// Rows of the workspace tables and their mapping to the kit's records.

export interface UserRow {
  id: string
  email: string | null
  display_name: string | null
  is_admin: number
  created_at: number
}

export interface WorkspaceRow {
  id: string
  name: string
  description: string | null
  owner_user_id: string
  is_personal: number
  created_at: number
  updated_at: number
}

export interface MembershipRow extends WorkspaceRow {
  role: WorkspaceRole
}

export type StoredInvitationStatus = Exclude<InvitationStatus, 'expired'>

export interface InvitationRow {
  id: string
  workspace_id: string
  workspace_name: string
  workspace_deleted_at: number | null
  email: string
  role: WorkspaceRole
  invited_by_user_id: string
  invited_by_name: string | null
  created_at: number
  expires_at: number
  status: StoredInvitationStatus
}

export const USER_COLUMNS = 'id, email, display_name, is_admin, created_at'
export const WORKSPACE_COLUMNS = 'w.id, w.name, w.description, w.owner_user_id, w.is_personal, w.created_at, w.updated_at'
export const INVITATION_SELECT = `
  SELECT i.id, i.workspace_id, w.name AS workspace_name, w.deleted_at AS workspace_deleted_at, i.email, i.role,
         i.invited_by_user_id, COALESCE(u.display_name, u.email) AS invited_by_name, i.created_at, i.expires_at, i.status
  FROM invitations i
  JOIN workspaces w ON w.id = i.workspace_id
  LEFT JOIN users u ON u.id = i.invited_by_user_id`

export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    ...(row.email !== null ? { email: row.email } : {}),
    ...(row.display_name !== null ? { displayName: row.display_name } : {}),
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  }
}

export function toWorkspace(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ownerUserId: row.owner_user_id,
    isPersonal: row.is_personal === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export function toMembership(row: MembershipRow): MembershipRecord {
  return { ...toWorkspace(row), role: row.role }
}

export function toInvitation(row: InvitationRow, now: number): InvitationRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    email: row.email,
    role: row.role,
    invitedByUserId: row.invited_by_user_id,
    invitedByName: row.invited_by_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: invitationStatusAt(row.status, row.expires_at, now),
  }
}
