import type { Database } from 'bun:sqlite'
import type { WorkspaceRole } from 'or3-provider-kit'
import {
  INVITATION_SELECT,
  USER_COLUMNS,
  WORKSPACE_COLUMNS,
  type InvitationRow,
  type MembershipRow,
  type StoredInvitationStatus,
  type UserRow,
  type WorkspaceRow,
} from './workspace-rows'

/** Every statement of the workspace store, prepared once per connection. */
export function prepareWorkspaceQueries(db: Database) {
  return {
    // The first user of the deployment becomes its admin; the subquery runs inside the insert.
    insertUser: db.prepare<never, [string, string, string, string | null, string | null, number]>(
      `INSERT INTO users (id, provider, provider_user_id, email, display_name, is_admin, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, NOT EXISTS (SELECT 1 FROM users), ?6)
       ON CONFLICT (provider, provider_user_id) DO NOTHING`,
    ),
    userByIdentity: db.prepare<UserRow, [string, string]>(
      `SELECT ${USER_COLUMNS} FROM users WHERE provider = ? AND provider_user_id = ?`,
    ),
    userExists: db.prepare<{ id: string }, [string]>('SELECT id FROM users WHERE id = ?'),
    refreshProfile: db.prepare<UserRow, [string, string | null, string | null]>(
      `UPDATE users SET email = COALESCE(?2, email), display_name = COALESCE(?3, display_name)
       WHERE id = ?1 RETURNING ${USER_COLUMNS}`,
    ),
    personalWorkspace: db.prepare<WorkspaceRow, [string]>(
      `SELECT ${WORKSPACE_COLUMNS} FROM workspaces w
       WHERE w.owner_user_id = ? AND w.is_personal = 1 AND w.deleted_at IS NULL`,
    ),
    insertWorkspace: db.prepare<never, [string, string, string | null, string, number, number]>(
      `INSERT INTO workspaces (id, name, description, owner_user_id, is_personal, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)`,
    ),
    upsertMembership: db.prepare<never, [string, string, WorkspaceRole, number]>(
      `INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
    ),
    deleteMembership: db.prepare<never, [string, string]>(
      'DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?',
    ),
    membership: db.prepare<MembershipRow, [string, string]>(
      `SELECT ${WORKSPACE_COLUMNS}, m.role FROM workspaces w
       JOIN memberships m ON m.workspace_id = w.id
       WHERE w.id = ? AND m.user_id = ? AND w.deleted_at IS NULL`,
    ),
    listMemberships: db.prepare<MembershipRow, [string]>(
      `SELECT ${WORKSPACE_COLUMNS}, m.role FROM workspaces w
       JOIN memberships m ON m.workspace_id = w.id
       WHERE m.user_id = ? AND w.deleted_at IS NULL
       ORDER BY w.created_at, w.rowid`,
    ),
    members: db.prepare<UserRow & { role: WorkspaceRole }, [string]>(
      `SELECT u.id, u.email, u.display_name, u.is_admin, u.created_at, m.role FROM memberships m
       JOIN users u ON u.id = m.user_id
       WHERE m.workspace_id = ?
       ORDER BY m.created_at, u.created_at`,
    ),
    liveWorkspace: db.prepare<WorkspaceRow, [string]>(
      `SELECT ${WORKSPACE_COLUMNS} FROM workspaces w WHERE w.id = ? AND w.deleted_at IS NULL`,
    ),
    updateWorkspace: db.prepare<WorkspaceRow, [string, string | null, string | null, number, number]>(
      `UPDATE workspaces SET
         name = COALESCE(?2, name),
         description = CASE WHEN ?4 = 1 THEN ?3 ELSE description END,
         updated_at = ?5
       WHERE id = ?1 AND deleted_at IS NULL
       RETURNING id, name, description, owner_user_id, is_personal, created_at, updated_at`,
    ),
    // Personal workspaces are never removed: the condition is part of the write.
    removeSharedWorkspace: db.prepare<never, [string, number]>(
      'UPDATE workspaces SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL AND is_personal = 0',
    ),
    otherOwners: db.prepare<{ count: number }, [string, string]>(
      "SELECT COUNT(*) AS count FROM memberships WHERE workspace_id = ? AND user_id <> ? AND role = 'owner'",
    ),
    activeWorkspace: db.prepare<{ workspace_id: string }, [string]>(
      `SELECT a.workspace_id FROM active_workspaces a
       JOIN workspaces w ON w.id = a.workspace_id AND w.deleted_at IS NULL
       JOIN memberships m ON m.workspace_id = a.workspace_id AND m.user_id = a.user_id
       WHERE a.user_id = ?`,
    ),
    setActiveWorkspace: db.prepare<never, [string, string, number]>(
      `INSERT INTO active_workspaces (user_id, workspace_id, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET workspace_id = excluded.workspace_id, updated_at = excluded.updated_at`,
    ),

    insertInvitation: db.prepare<never, [string, string, string, WorkspaceRole, string, string, number, number]>(
      `INSERT INTO invitations (id, workspace_id, email, role, invited_by_user_id, token_hash, status, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ),
    invitationById: db.prepare<InvitationRow, [string]>(`${INVITATION_SELECT} WHERE i.id = ?`),
    invitationByTokenHash: db.prepare<InvitationRow, [string]>(`${INVITATION_SELECT} WHERE i.token_hash = ?`),
    unansweredInvitations: db.prepare<InvitationRow, [string]>(
      `${INVITATION_SELECT} WHERE i.workspace_id = ? AND i.status = 'pending' ORDER BY i.created_at, i.rowid`,
    ),
    pendingInvitationsForEmail: db.prepare<InvitationRow, [string, number]>(
      `${INVITATION_SELECT}
       WHERE i.email = ? AND i.status = 'pending' AND i.expires_at > ? AND w.deleted_at IS NULL
       ORDER BY i.created_at, i.rowid`,
    ),
    // `status = 'pending'` in the write: an invitation is answered once, whoever races.
    answerInvitation: db.prepare<never, [string, StoredInvitationStatus, number, string | null]>(
      `UPDATE invitations SET status = ?2, responded_at = ?3, responded_by_user_id = ?4
       WHERE id = ?1 AND status = 'pending'`,
    ),
  }
}

export type WorkspaceQueries = ReturnType<typeof prepareWorkspaceQueries>
