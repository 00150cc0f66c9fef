import type { WorkspaceRole } from '../schemas/common.ts'
import type { InvitationStatus } from '../schemas/workspaces.ts'
import { invitationStatusAt } from '../workspaces/rules.ts'
import type { InvitationRecord, MembershipRecord, UserRecord, WorkspaceRecord } from '../contracts/server.ts'
import { fromSqlBoolean, type SqlBoolean } from './sql-boolean.ts'

// Rows of the workspace tables of a relational store (the same columns in SQLite and PostgreSQL)
// and their mapping to the kit's records, so every such provider maps them one way.

export interface UserRow {
  id: string
  email: string | null
  display_name: string | null
  is_admin: SqlBoolean
  created_at: number
}

export interface WorkspaceRow {
  id: string
  name: string
  description: string | null
  owner_user_id: string
  is_personal: SqlBoolean
  created_at: number
  updated_at: number
}

export interface MembershipRow extends WorkspaceRow {
  role: WorkspaceRole
}

/** 'expired' is not stored: a pending row past `expires_at` is expired. */
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
    isAdmin: fromSqlBoolean(row.is_admin),
    createdAt: row.created_at,
  }
}

export function toWorkspace(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ownerUserId: row.owner_user_id,
    isPersonal: fromSqlBoolean(row.is_personal),
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
