import type { MembershipRecord, ProviderIdentity, WorkspaceStore } from 'or3-provider-kit'
import { assertMemberChangeAllowed, assertWorkspaceRemovable, ProviderError } from 'or3-provider-kit'
import { defineWorkspaceStore } from 'or3-provider-kit/server'
import { mapPostgresError } from './errors'
import { createPostgresInvitations } from './invitation-store'
import { requireDatabase, type PostgresStoreOptions } from './store-options'
import { serializable } from './transactions'
import { workspaceQueries as q, type Queryable } from './workspace-queries'
import { toMembership, toUser, toWorkspace, type UserRow, type WorkspaceRow } from './workspace-rows'

export type PostgresWorkspaceStoreOptions = PostgresStoreOptions

const PERSONAL_WORKSPACE_NAME = 'Personal'

/** Whether the sign-in provider reports a profile other than the stored one. */
function profileChanged(row: UserRow, identity: ProviderIdentity): boolean {
  return (
    (identity.email !== undefined && identity.email !== row.email) ||
    (identity.displayName !== undefined && identity.displayName !== row.display_name)
  )
}

/**
 * Users, workspaces, memberships and invitations in PostgreSQL. Every write that checks and then
 * writes runs SERIALIZABLE (retried when PostgreSQL rolls one back for a conflict), so the
 * ownership invariants hold across server instances as they do under SQLite's single writer. A
 * request that only needs to find a known user and their workspace reads only.
 */
export function createPostgresWorkspaceStore(options: PostgresWorkspaceStoreOptions): WorkspaceStore {
  const db = requireDatabase(options, 'The PostgreSQL workspace store')
  const now = options.now ?? Date.now
  const write = async <T>(work: (tx: Queryable) => Promise<T>) => serializable(await db.ready(), work)

  async function requireLiveWorkspace(tx: Queryable, workspaceId: string): Promise<WorkspaceRow> {
    const row = await q.liveWorkspace(tx, workspaceId)
    if (!row) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
    return row
  }

  async function insertWorkspaceWithOwner(
    tx: Queryable,
    userId: string,
    input: { name: string; description: string | null; isPersonal: boolean },
  ): Promise<MembershipRecord> {
    if (!(await q.userExists(tx, userId))) throw new ProviderError('NOT_FOUND', `No user ${userId}`)
    const id = crypto.randomUUID()
    const at = now()
    await q.insertWorkspace(tx, id, input.name, input.description, userId, input.isPersonal, at)
    await q.upsertMembership(tx, id, userId, 'owner', at)
    return toMembership((await q.membership(tx, id, userId))!)
  }

  /** The owner's membership of their personal workspace, when it is as it must be. */
  async function intactPersonal(tx: Queryable, userId: string): Promise<MembershipRecord | null> {
    const workspace = await q.personalWorkspace(tx, userId)
    const membership = workspace && (await q.membership(tx, workspace.id, userId))
    return membership?.role === 'owner' ? toMembership(membership) : null
  }

  return defineWorkspaceStore({
    id: 'postgres',
    mapError: mapPostgresError,

    async getOrCreateUser(identity) {
      const known = await q.userByIdentity(await db.ready(), identity.provider, identity.providerUserId)
      if (known && !profileChanged(known, identity)) return { user: toUser(known), created: false }
      return write(async (tx) => {
        const created =
          (await q.insertUser(tx, crypto.randomUUID(), identity.provider, identity.providerUserId, identity.email ?? null, identity.displayName ?? null, now())) === 1
        const row = (await q.userByIdentity(tx, identity.provider, identity.providerUserId))!
        if (created || !profileChanged(row, identity)) return { user: toUser(row), created }
        // A returning user: keep the profile the sign-in provider reports now.
        return { user: toUser((await q.refreshProfile(tx, row.id, identity.email ?? null, identity.displayName ?? null))!), created }
      })
    },

    async ensurePersonalWorkspace(userId) {
      const existing = await intactPersonal(await db.ready(), userId)
      if (existing) return existing
      // The partial unique index also guards this, across instances.
      return write(async (tx) => {
        const intact = await intactPersonal(tx, userId)
        if (intact) return intact
        const workspace = await q.personalWorkspace(tx, userId)
        if (!workspace) {
          return insertWorkspaceWithOwner(tx, userId, { name: PERSONAL_WORKSPACE_NAME, description: null, isPersonal: true })
        }
        // Releases before the ownership invariants let a co-owner remove or demote the owner.
        await q.upsertMembership(tx, workspace.id, userId, 'owner', now())
        return toMembership((await q.membership(tx, workspace.id, userId))!)
      })
    },

    listWorkspaces: async (userId) => (await q.listMemberships(await db.ready(), userId)).map(toMembership),

    createWorkspace: (userId, input) =>
      write((tx) => insertWorkspaceWithOwner(tx, userId, { name: input.name, description: input.description ?? null, isPersonal: false })),

    async updateWorkspace(workspaceId, { name, description }) {
      const row = await q.updateWorkspace(await db.ready(), workspaceId, name ?? null, description ?? null, description !== undefined, now())
      if (!row) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
      return toWorkspace(row)
    },

    removeWorkspace: (workspaceId) =>
      write(async (tx) => {
        if ((await q.removeSharedWorkspace(tx, workspaceId, now())) === 1) return
        assertWorkspaceRemovable(toWorkspace(await requireLiveWorkspace(tx, workspaceId)))
      }),

    getRole: async (userId, workspaceId) => (await q.membership(await db.ready(), workspaceId, userId))?.role ?? null,

    setMemberRole: (workspaceId, userId, role) =>
      write(async (tx) => {
        const workspace = toWorkspace(await requireLiveWorkspace(tx, workspaceId))
        assertMemberChangeAllowed({
          workspace,
          userId,
          currentRole: (await q.membership(tx, workspaceId, userId))?.role ?? null,
          nextRole: role,
          otherOwners: await q.otherOwners(tx, workspaceId, userId),
        })
        if (role === null) await q.deleteMembership(tx, workspaceId, userId)
        else await q.upsertMembership(tx, workspaceId, userId, role, now())
      }),

    async listMembers(workspaceId) {
      const sql = await db.ready()
      await requireLiveWorkspace(sql, workspaceId)
      return (await q.members(sql, workspaceId)).map((row) => {
        const user = toUser(row)
        return { userId: user.id, email: user.email, displayName: user.displayName, role: row.role }
      })
    },

    getActiveWorkspaceId: async (userId) => (await q.activeWorkspace(await db.ready(), userId))?.workspace_id ?? null,

    setActiveWorkspaceId: (userId, workspaceId) =>
      write(async (tx) => {
        if (!(await q.membership(tx, workspaceId, userId))) {
          throw new ProviderError('NOT_FOUND', `User ${userId} is not a member of workspace ${workspaceId}`)
        }
        await q.setActiveWorkspace(tx, userId, workspaceId, now())
      }),

    ...createPostgresInvitations(write, db, now),
  })
}
