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
  is_admin: boolean
  created_at: number
}

export interface WorkspaceRow {
  id: string
  name: string
  description: string | null
  owner_user_id: string
  is_personal: boolean
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


export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    ...(row.email !== null ? { email: row.email } : {}),
    ...(row.display_name !== null ? { displayName: row.display_name } : {}),
    isAdmin: row.is_admin,
    createdAt: row.created_at,
  }
}

export function toWorkspace(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ownerUserId: row.owner_user_id,
    isPersonal: row.is_personal,
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
