import type { MembershipRecord, ProviderIdentity, WorkspaceRole, WorkspaceStore } from 'or3-provider-kit'
import { assertMemberChangeAllowed, assertWorkspaceRemovable, ProviderError } from 'or3-provider-kit'
import { defineWorkspaceStore, mapSqliteError } from 'or3-provider-kit/server'
import { createSqliteInvitations } from './invitation-store'
import { resolveStoreDatabase, type SqliteStoreOptions } from './store-options'
import { prepareWorkspaceQueries } from './workspace-queries'
import { toMembership, toUser, toWorkspace, type UserRow, type WorkspaceRow } from './workspace-rows'

export type SqliteWorkspaceStoreOptions = SqliteStoreOptions

const PERSONAL_WORKSPACE_NAME = 'Personal'

/** Whether the sign-in provider reports a profile other than the stored one. */
function profileChanged(row: UserRow, identity: ProviderIdentity): boolean {
  return (
    (identity.email !== undefined && identity.email !== row.email) ||
    (identity.displayName !== undefined && identity.displayName !== row.display_name)
  )
}

/**
 * Users, workspaces, memberships and invitations in SQLite. Writes that check and then write run
 * IMMEDIATE; a request that only needs to find a known user and their workspace reads only, so a
 * full disk or a read-only file still signs known users in.
 */
export function createSqliteWorkspaceStore(options: SqliteWorkspaceStoreOptions): WorkspaceStore {
  const db = resolveStoreDatabase(options, 'The SQLite workspace store')
  const now = options.now ?? Date.now
  const sql = prepareWorkspaceQueries(db)

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
    if (created || !profileChanged(row, identity)) return { user: toUser(row), created }
    // A returning user: keep the profile the sign-in provider reports now.
    return { user: toUser(sql.refreshProfile.get(row.id, identity.email ?? null, identity.displayName ?? null)!), created }
  })

  /** The owner's membership of their personal workspace, when it is as it must be. */
  function intactPersonal(userId: string): MembershipRecord | null {
    const workspace = sql.personalWorkspace.get(userId)
    const membership = workspace && sql.membership.get(workspace.id, userId)
    return membership?.role === 'owner' ? toMembership(membership) : null
  }

  // The partial unique index also guards this, across processes that skip the transaction.
  const ensurePersonalWorkspace = db.transaction((userId: string): MembershipRecord => {
    const existing = intactPersonal(userId)
    if (existing) return existing
    const workspace = sql.personalWorkspace.get(userId)
    if (!workspace) {
      return insertWorkspaceWithOwner(userId, { name: PERSONAL_WORKSPACE_NAME, description: null, isPersonal: true })
    }
    // Releases before the ownership invariants let a co-owner remove or demote the owner.
    sql.upsertMembership.run(workspace.id, userId, 'owner', now())
    return toMembership(sql.membership.get(workspace.id, userId)!)
  })

  const createWorkspace = db.transaction(
    (userId: string, input: { name: string; description?: string }): MembershipRecord =>
      insertWorkspaceWithOwner(userId, { name: input.name, description: input.description ?? null, isPersonal: false }),
  )

  const removeWorkspace = db.transaction((workspaceId: string) => {
    if (sql.removeSharedWorkspace.run(workspaceId, now()).changes === 1) return
    assertWorkspaceRemovable(toWorkspace(requireLiveWorkspace(workspaceId)))
  })

  const setMemberRole = db.transaction((workspaceId: string, userId: string, role: WorkspaceRole | null) => {
    const workspace = toWorkspace(requireLiveWorkspace(workspaceId))
    assertMemberChangeAllowed({
      workspace,
      userId,
      currentRole: sql.membership.get(workspaceId, userId)?.role ?? null,
      nextRole: role,
      otherOwners: sql.otherOwners.get(workspaceId, userId)!.count,
    })
    if (role === null) sql.deleteMembership.run(workspaceId, userId)
    else sql.upsertMembership.run(workspaceId, userId, role, now())
  })

  const setActiveWorkspaceId = db.transaction((userId: string, workspaceId: string) => {
    if (!sql.membership.get(workspaceId, userId)) {
      throw new ProviderError('NOT_FOUND', `User ${userId} is not a member of workspace ${workspaceId}`)
    }
    sql.setActiveWorkspace.run(userId, workspaceId, now())
  })

  return defineWorkspaceStore({
    id: 'sqlite',
    mapError: mapSqliteError,
    getOrCreateUser(identity) {
      const known = sql.userByIdentity.get(identity.provider, identity.providerUserId)
      if (known && !profileChanged(known, identity)) return { user: toUser(known), created: false }
      return getOrCreateUser.immediate(identity)
    },
    ensurePersonalWorkspace: (userId) => intactPersonal(userId) ?? ensurePersonalWorkspace.immediate(userId),
    listWorkspaces: (userId) => sql.listMemberships.all(userId).map(toMembership),
    createWorkspace: (userId, input) => createWorkspace.immediate(userId, input),
    updateWorkspace(workspaceId, { name, description }) {
      // ?4 tells "set description to null" apart from "leave it as it is".
      const row = sql.updateWorkspace.get(workspaceId, name ?? null, description ?? null, description === undefined ? 0 : 1, now())
      if (!row) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
      return toWorkspace(row)
    },
    removeWorkspace: (workspaceId) => removeWorkspace.immediate(workspaceId),
    getRole: (userId, workspaceId) => sql.membership.get(workspaceId, userId)?.role ?? null,
    setMemberRole: (workspaceId, userId, role) => setMemberRole.immediate(workspaceId, userId, role),
    listMembers(workspaceId) {
      requireLiveWorkspace(workspaceId)
      return sql.members.all(workspaceId).map((row) => {
        const user = toUser(row)
        return { userId: user.id, email: user.email, displayName: user.displayName, role: row.role }
      })
    },
    getActiveWorkspaceId: (userId) => sql.activeWorkspace.get(userId)?.workspace_id ?? null,
    setActiveWorkspaceId: (userId, workspaceId) => setActiveWorkspaceId.immediate(userId, workspaceId),
    ...createSqliteInvitations(db, sql, now),
  })
}
