// The workspace tables' rows and their mapping to the kit's records are the kit's, shared by
// every relational store; the column lists are this provider's queries.
export {
  toInvitation,
  toMembership,
  toUser,
  toWorkspace,
  type InvitationRow,
  type MembershipRow,
  type StoredInvitationStatus,
  type UserRow,
  type WorkspaceRow,
} from 'or3-provider-kit/server'

export const USER_COLUMNS = 'id, email, display_name, is_admin, created_at'
export const WORKSPACE_COLUMNS = 'w.id, w.name, w.description, w.owner_user_id, w.is_personal, w.created_at, w.updated_at'
export const INVITATION_SELECT = `
  SELECT i.id, i.workspace_id, w.name AS workspace_name, w.deleted_at AS workspace_deleted_at, i.email, i.role,
         i.invited_by_user_id, COALESCE(u.display_name, u.email) AS invited_by_name, i.created_at, i.expires_at, i.status
  FROM invitations i
  JOIN workspaces w ON w.id = i.workspace_id
  LEFT JOIN users u ON u.id = i.invited_by_user_id`
