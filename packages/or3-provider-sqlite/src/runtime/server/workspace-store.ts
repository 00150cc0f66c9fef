import type {
  MembershipRecord,
  ProviderIdentity,
  UserRecord,
  WorkspaceRecord,
  WorkspaceRole,
  WorkspaceStore,
} from 'or3-provider-kit'
import {
  createWorkspaceRequestSchema,
  parseWire,
  ProviderError,
  updateWorkspaceRequestSchema,
  workspaceIdSchema,
  workspaceRoleSchema,
} from 'or3-provider-kit'
import { z } from 'zod'
import { withSqliteErrors } from './sqlite-errors.js'
import { resolveStoreDatabase, type SqliteStoreOptions } from './store-options.js'

export type SqliteWorkspaceStoreOptions = SqliteStoreOptions

const PERSONAL_WORKSPACE_NAME = 'Personal'

const identitySchema = z.object({
  provider: z.string().min(1).max(64),
  providerUserId: z.string().min(1).max(256),
  email: z.string().max(320).optional(),
  displayName: z.string().max(200).optional(),
})
const userIdSchema = z.string().min(1).max(128)

interface UserRow {
  id: string
  email: string | null
  display_name: string | null
  is_admin: number
  created_at: number
}

interface WorkspaceRow {
  id: string
  name: string
  description: string | null
  owner_user_id: string
  is_personal: number
  created_at: number
  updated_at: number
}

interface MembershipRow extends WorkspaceRow {
  role: WorkspaceRole
}

const WORKSPACE_COLUMNS = 'w.id, w.name, w.description, w.owner_user_id, w.is_personal, w.created_at, w.updated_at'

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    ...(row.email !== null ? { email: row.email } : {}),
    ...(row.display_name !== null ? { displayName: row.display_name } : {}),
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  }
}

function toWorkspace(row: WorkspaceRow): WorkspaceRecord {
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

function toMembership(row: MembershipRow): MembershipRecord {
  return { ...toWorkspace(row), role: row.role }
}

/** Users, workspaces and memberships in SQLite. Writes that check-then-insert run IMMEDIATE. */
export function createSqliteWorkspaceStore(options: SqliteWorkspaceStoreOptions): WorkspaceStore {
  const db = resolveStoreDatabase(options, 'The SQLite workspace store')
  const now = options.now ?? Date.now

  const sql = {
    // The first user of the deployment becomes its admin; the subquery runs inside the insert.
    insertUser: db.prepare<never, [string, string, string, string | null, string | null, number]>(
      `INSERT INTO users (id, provider, provider_user_id, email, display_name, is_admin, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, NOT EXISTS (SELECT 1 FROM users), ?6)
       ON CONFLICT (provider, provider_user_id) DO NOTHING`,
    ),
    userByIdentity: db.prepare<UserRow, [string, string]>(
      'SELECT id, email, display_name, is_admin, created_at FROM users WHERE provider = ? AND provider_user_id = ?',
    ),
    userExists: db.prepare<{ id: string }, [string]>('SELECT id FROM users WHERE id = ?'),
    refreshProfile: db.prepare<UserRow, [string, string | null, string | null]>(
      `UPDATE users SET email = COALESCE(?2, email), display_name = COALESCE(?3, display_name)
       WHERE id = ?1 RETURNING id, email, display_name, is_admin, created_at`,
    ),
    personalMembership: db.prepare<MembershipRow, [string]>(
      `SELECT ${WORKSPACE_COLUMNS}, m.role FROM workspaces w
       JOIN memberships m ON m.workspace_id = w.id AND m.user_id = w.owner_user_id
       WHERE w.owner_user_id = ? AND w.is_personal = 1 AND w.deleted_at IS NULL`,
    ),
    insertWorkspace: db.prepare<never, [string, string, string | null, string, number, number]>(
      `INSERT INTO workspaces (id, name, description, owner_user_id, is_personal, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)`,
    ),
    upsertMembership: db.prepare<never, [string, string, string, number]>(
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
    userByEmail: db.prepare<UserRow, [string]>(
      `SELECT id, email, display_name, is_admin, created_at FROM users
       WHERE email = ? COLLATE NOCASE ORDER BY created_at LIMIT 1`,
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
    removeWorkspace: db.prepare<never, [string, number]>(
      'UPDATE workspaces SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL',
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
  }

  function requireUser(userId: string): void {
    if (!sql.userExists.get(userId)) throw new ProviderError('NOT_FOUND', `No user ${userId}`)
  }

  function requireLiveWorkspace(workspaceId: string): WorkspaceRow {
    const row = sql.liveWorkspace.get(workspaceId)
    if (!row) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
    return row
  }

  function insertWorkspaceWithOwner(
    userId: string,
    input: { name: string; description: string | null; isPersonal: boolean },
  ): MembershipRecord {
    requireUser(userId)
    const id = crypto.randomUUID()
    const at = now()
    sql.insertWorkspace.run(id, input.name, input.description, userId, input.isPersonal ? 1 : 0, at)
    sql.upsertMembership.run(id, userId, 'owner', at)
    return toMembership(sql.membership.get(id, userId)!)
  }

  const getOrCreateUser = db.transaction((identity: ProviderIdentity) => {
    const created = sql.insertUser.run(
      crypto.randomUUID(),
      identity.provider,
      identity.providerUserId,
      identity.email ?? null,
      identity.displayName ?? null,
      now(),
    ).changes === 1
    const row = sql.userByIdentity.get(identity.provider, identity.providerUserId)!
    if (created) return { user: toUser(row), created }
    // A returning user: keep the profile the sign-in provider reports now.
    const changed =
      (identity.email !== undefined && identity.email !== row.email) ||
      (identity.displayName !== undefined && identity.displayName !== row.display_name)
    const current = changed
      ? sql.refreshProfile.get(row.id, identity.email ?? null, identity.displayName ?? null)!
      : row
    return { user: toUser(current), created }
  })

  // The partial unique index also guards this, across processes that skip the transaction.
  const ensurePersonalWorkspace = db.transaction((userId: string): MembershipRecord => {
    const existing = sql.personalMembership.get(userId)
    if (existing) return toMembership(existing)
    return insertWorkspaceWithOwner(userId, { name: PERSONAL_WORKSPACE_NAME, description: null, isPersonal: true })
  })

  const createWorkspace = db.transaction(
    (userId: string, input: { name: string; description?: string }): MembershipRecord =>
      insertWorkspaceWithOwner(userId, { name: input.name, description: input.description ?? null, isPersonal: false }),
  )

  const setMemberRole = db.transaction((workspaceId: string, userId: string, role: WorkspaceRole | null) => {
    requireLiveWorkspace(workspaceId)
    requireUser(userId)
    const current = sql.membership.get(workspaceId, userId)
    if (current?.role === 'owner' && role !== 'owner' && sql.otherOwners.get(workspaceId, userId)!.count === 0) {
      throw new ProviderError('CONFLICT', `Workspace ${workspaceId} needs an owner: make another member owner first`)
    }
    if (role === null) sql.deleteMembership.run(workspaceId, userId)
    else sql.upsertMembership.run(workspaceId, userId, role, now())
  })

  const setActiveWorkspaceId = db.transaction((userId: string, workspaceId: string) => {
    if (!sql.membership.get(workspaceId, userId)) {
      throw new ProviderError('NOT_FOUND', `User ${userId} is not a member of workspace ${workspaceId}`)
    }
    sql.setActiveWorkspace.run(userId, workspaceId, now())
  })

  return withSqliteErrors<WorkspaceStore>({
    id: 'sqlite',
    async getOrCreateUser(identity) {
      return getOrCreateUser.immediate(parseWire(identitySchema, identity, 'identity'))
    },
    async ensurePersonalWorkspace(userId) {
      return ensurePersonalWorkspace.immediate(parseWire(userIdSchema, userId, 'userId'))
    },
    async listWorkspaces(userId) {
      return sql.listMemberships.all(userId).map(toMembership)
    },
    async createWorkspace(userId, input) {
      return createWorkspace.immediate(
        parseWire(userIdSchema, userId, 'userId'),
        parseWire(createWorkspaceRequestSchema, input, 'workspace'),
      )
    },
    async updateWorkspace(workspaceId, patch) {
      const { name, description } = parseWire(updateWorkspaceRequestSchema, patch, 'workspace update')
      // ?4 tells "set description to null" apart from "leave it as it is".
      const row = sql.updateWorkspace.get(workspaceId, name ?? null, description ?? null, description === undefined ? 0 : 1, now())
      if (!row) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
      return toWorkspace(row)
    },
    async removeWorkspace(workspaceId) {
      if (sql.removeWorkspace.run(workspaceId, now()).changes === 0) {
        throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
      }
    },
    async getRole(userId, workspaceId) {
      return sql.membership.get(workspaceId, userId)?.role ?? null
    },
    async setMemberRole(workspaceId, userId, role) {
      const checkedRole = role === null ? null : parseWire(workspaceRoleSchema, role, 'role')
      setMemberRole.immediate(parseWire(workspaceIdSchema, workspaceId, 'workspaceId'), userId, checkedRole)
    },
    async listMembers(workspaceId) {
      requireLiveWorkspace(workspaceId)
      return sql.members.all(workspaceId).map((row) => {
        const user = toUser(row)
        return { userId: user.id, email: user.email, displayName: user.displayName, role: row.role }
      })
    },
    async findUserByEmail(email) {
      const row = sql.userByEmail.get(email.trim())
      return row ? toUser(row) : null
    },
    async getActiveWorkspaceId(userId) {
      return sql.activeWorkspace.get(userId)?.workspace_id ?? null
    },
    async setActiveWorkspaceId(userId, workspaceId) {
      setActiveWorkspaceId.immediate(userId, workspaceId)
    },
  })
}
