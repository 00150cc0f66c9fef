import type { WorkspaceRole } from 'or3-provider-kit'
import type { Sql, TransactionSql } from './database'
import type { InvitationRow, MembershipRow, StoredInvitationStatus, UserRow, WorkspaceRow } from './workspace-rows'

/** A pool or a transaction: every query here runs on either. */
export type Queryable = Sql | TransactionSql

const workspaceColumns = (q: Queryable) =>
  q`w.id, w.name, w.description, w.owner_user_id, w.is_personal, w.created_at, w.updated_at`

const invitationSelect = (q: Queryable) => q`
  SELECT i.id, i.workspace_id, w.name AS workspace_name, w.deleted_at AS workspace_deleted_at, i.email, i.role,
         i.invited_by_user_id, COALESCE(u.display_name, u.email) AS invited_by_name, i.created_at, i.expires_at, i.status
  FROM invitations i
  JOIN workspaces w ON w.id = i.workspace_id
  LEFT JOIN users u ON u.id = i.invited_by_user_id`

const first = <T>(rows: readonly T[]): T | undefined => rows[0]

/** Every statement of the workspace store, on a pool or inside a transaction. */
export const workspaceQueries = {
  // The first user of the deployment becomes its admin; the subquery runs inside the insert (and
  // the SERIALIZABLE transaction around it keeps two first users from both becoming admin).
  insertUser: async (q: Queryable, id: string, provider: string, providerUserId: string, email: string | null, name: string | null, at: number) =>
    (await q`
      INSERT INTO users (id, provider, provider_user_id, email, display_name, is_admin, created_at)
      VALUES (${id}, ${provider}, ${providerUserId}, ${email}, ${name}, NOT EXISTS (SELECT 1 FROM users), ${at})
      ON CONFLICT (provider, provider_user_id) DO NOTHING`).count,
  userByIdentity: async (q: Queryable, provider: string, providerUserId: string) =>
    first(await q<UserRow[]>`
      SELECT id, email, display_name, is_admin, created_at FROM users WHERE provider = ${provider} AND provider_user_id = ${providerUserId}`),
  userExists: async (q: Queryable, id: string) => (await q`SELECT 1 FROM users WHERE id = ${id}`).length === 1,
  refreshProfile: async (q: Queryable, id: string, email: string | null, name: string | null) =>
    first(await q<UserRow[]>`
      UPDATE users SET email = COALESCE(${email}, email), display_name = COALESCE(${name}, display_name)
      WHERE id = ${id} RETURNING id, email, display_name, is_admin, created_at`),
  personalWorkspace: async (q: Queryable, userId: string) =>
    first(await q<WorkspaceRow[]>`
      SELECT ${workspaceColumns(q)} FROM workspaces w
      WHERE w.owner_user_id = ${userId} AND w.is_personal AND w.deleted_at IS NULL`),
  insertWorkspace: async (q: Queryable, id: string, name: string, description: string | null, ownerId: string, personal: boolean, at: number) => {
    await q`
      INSERT INTO workspaces (id, name, description, owner_user_id, is_personal, created_at, updated_at)
      VALUES (${id}, ${name}, ${description}, ${ownerId}, ${personal}, ${at}, ${at})`
  },
  upsertMembership: async (q: Queryable, workspaceId: string, userId: string, role: WorkspaceRole, at: number) => {
    await q`
      INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (${workspaceId}, ${userId}, ${role}, ${at})
      ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`
  },
  deleteMembership: async (q: Queryable, workspaceId: string, userId: string) => {
    await q`DELETE FROM memberships WHERE workspace_id = ${workspaceId} AND user_id = ${userId}`
  },
  membership: async (q: Queryable, workspaceId: string, userId: string) =>
    first(await q<MembershipRow[]>`
      SELECT ${workspaceColumns(q)}, m.role FROM workspaces w
      JOIN memberships m ON m.workspace_id = w.id
      WHERE w.id = ${workspaceId} AND m.user_id = ${userId} AND w.deleted_at IS NULL`),
  listMemberships: async (q: Queryable, userId: string) =>
    q<MembershipRow[]>`
      SELECT ${workspaceColumns(q)}, m.role FROM workspaces w
      JOIN memberships m ON m.workspace_id = w.id
      WHERE m.user_id = ${userId} AND w.deleted_at IS NULL
      ORDER BY w.created_at, w.seq`,
  members: async (q: Queryable, workspaceId: string) =>
    q<(UserRow & { role: WorkspaceRole })[]>`
      SELECT u.id, u.email, u.display_name, u.is_admin, u.created_at, m.role FROM memberships m
      JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = ${workspaceId}
      ORDER BY m.created_at, u.created_at, m.seq`,
  liveWorkspace: async (q: Queryable, workspaceId: string) =>
    first(await q<WorkspaceRow[]>`SELECT ${workspaceColumns(q)} FROM workspaces w WHERE w.id = ${workspaceId} AND w.deleted_at IS NULL`),
  updateWorkspace: async (q: Queryable, workspaceId: string, name: string | null, description: string | null, setDescription: boolean, at: number) =>
    first(await q<WorkspaceRow[]>`
      UPDATE workspaces SET
        name = COALESCE(${name}::text, name),
        description = CASE WHEN ${setDescription}::boolean THEN ${description}::text ELSE description END,
        updated_at = ${at}
      WHERE id = ${workspaceId} AND deleted_at IS NULL
      RETURNING id, name, description, owner_user_id, is_personal, created_at, updated_at`),
  // Personal workspaces are never removed: the condition is part of the write.
  removeSharedWorkspace: async (q: Queryable, workspaceId: string, at: number) =>
    (await q`
      UPDATE workspaces SET deleted_at = ${at}, updated_at = ${at}
      WHERE id = ${workspaceId} AND deleted_at IS NULL AND NOT is_personal`).count,
  otherOwners: async (q: Queryable, workspaceId: string, userId: string) =>
    first(await q<{ count: number }[]>`
      SELECT COUNT(*) AS count FROM memberships WHERE workspace_id = ${workspaceId} AND user_id <> ${userId} AND role = 'owner'`)!
      .count,
  activeWorkspace: async (q: Queryable, userId: string) =>
    first(await q<{ workspace_id: string }[]>`
      SELECT a.workspace_id FROM active_workspaces a
      JOIN workspaces w ON w.id = a.workspace_id AND w.deleted_at IS NULL
      JOIN memberships m ON m.workspace_id = a.workspace_id AND m.user_id = a.user_id
      WHERE a.user_id = ${userId}`),
  setActiveWorkspace: async (q: Queryable, userId: string, workspaceId: string, at: number) => {
    await q`
      INSERT INTO active_workspaces (user_id, workspace_id, updated_at) VALUES (${userId}, ${workspaceId}, ${at})
      ON CONFLICT (user_id) DO UPDATE SET workspace_id = excluded.workspace_id, updated_at = excluded.updated_at`
  },

  insertInvitation: async (
    q: Queryable,
    id: string,
    input: { workspaceId: string; email: string; role: WorkspaceRole; invitedByUserId: string; tokenHash: string; expiresAt: number },
    at: number,
  ) => {
    await q`
      INSERT INTO invitations (id, workspace_id, email, role, invited_by_user_id, token_hash, status, created_at, expires_at)
      VALUES (${id}, ${input.workspaceId}, ${input.email}, ${input.role}, ${input.invitedByUserId}, ${input.tokenHash},
              'pending', ${at}, ${input.expiresAt})`
  },
  invitationById: async (q: Queryable, id: string) => first(await q<InvitationRow[]>`${invitationSelect(q)} WHERE i.id = ${id}`),
  invitationByTokenHash: async (q: Queryable, tokenHash: string) =>
    first(await q<InvitationRow[]>`${invitationSelect(q)} WHERE i.token_hash = ${tokenHash}`),
  unansweredInvitations: async (q: Queryable, workspaceId: string) =>
    q<InvitationRow[]>`${invitationSelect(q)} WHERE i.workspace_id = ${workspaceId} AND i.status = 'pending' ORDER BY i.created_at, i.seq`,
  pendingInvitationsForEmail: async (q: Queryable, email: string, at: number) =>
    q<InvitationRow[]>`
      ${invitationSelect(q)}
      WHERE i.email = ${email} AND i.status = 'pending' AND i.expires_at > ${at} AND w.deleted_at IS NULL
      ORDER BY i.created_at, i.seq`,
  // `status = 'pending'` in the write: an invitation is answered once, whoever races.
  answerInvitation: async (q: Queryable, id: string, status: StoredInvitationStatus, at: number, userId: string | null) => {
    await q`
      UPDATE invitations SET status = ${status}, responded_at = ${at}, responded_by_user_id = ${userId}
      WHERE id = ${id} AND status = 'pending'`
  },
}
