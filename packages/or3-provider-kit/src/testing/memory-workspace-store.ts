import type { MembershipRecord, UserRecord, WorkspaceRecord, WorkspaceStore } from '../contracts/server.ts'
import { ProviderError } from '../errors.ts'
import type { WorkspaceRole } from '../schemas/common.ts'

export interface MemoryWorkspaceStoreOptions {
  now?: () => number
}

/**
 * The reference WorkspaceStore. Every method reads and writes without awaiting in between, so
 * concurrent first calls can't both create: the guarantee a database gets from a unique index.
 */
export function createMemoryWorkspaceStore(options: MemoryWorkspaceStoreOptions = {}): WorkspaceStore {
  const now = options.now ?? Date.now
  const users = new Map<string, UserRecord>()
  const userByIdentity = new Map<string, string>()
  const workspaces = new Map<string, WorkspaceRecord>()
  /** workspaceId -> userId -> role; a removed workspace has no entry. */
  const members = new Map<string, Map<string, WorkspaceRole>>()
  const personalByUser = new Map<string, string>()
  const activeByUser = new Map<string, string>()

  function workspace(workspaceId: string): WorkspaceRecord {
    const found = workspaces.get(workspaceId)
    if (!found) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
    return found
  }

  function membership(workspaceId: string, userId: string): MembershipRecord {
    const role = members.get(workspaceId)?.get(userId)
    if (!role) throw new ProviderError('NOT_FOUND', `User ${userId} is not a member of ${workspaceId}`)
    return { ...workspace(workspaceId), role }
  }

  function insertWorkspace(ownerUserId: string, name: string, description: string | null, isPersonal: boolean) {
    if (!users.has(ownerUserId)) throw new ProviderError('NOT_FOUND', `No user ${ownerUserId}`)
    const at = now()
    const record: WorkspaceRecord = { id: crypto.randomUUID(), name, description, ownerUserId, isPersonal, createdAt: at, updatedAt: at }
    workspaces.set(record.id, record)
    members.set(record.id, new Map([[ownerUserId, 'owner']]))
    return membership(record.id, ownerUserId)
  }

  return {
    id: 'memory',

    async getOrCreateUser(identity) {
      const key = `${identity.provider}\u0000${identity.providerUserId}`
      const existing = userByIdentity.get(key)
      if (existing) return { user: { ...users.get(existing)! }, created: false }
      const user: UserRecord = {
        id: crypto.randomUUID(),
        email: identity.email,
        displayName: identity.displayName,
        isAdmin: users.size === 0,
        createdAt: now(),
      }
      users.set(user.id, user)
      userByIdentity.set(key, user.id)
      return { user: { ...user }, created: true }
    },

    async ensurePersonalWorkspace(userId) {
      const existing = personalByUser.get(userId)
      if (existing && members.get(existing)?.has(userId)) return membership(existing, userId)
      const created = insertWorkspace(userId, 'Personal', null, true)
      personalByUser.set(userId, created.id)
      return created
    },

    async listWorkspaces(userId) {
      const listed: MembershipRecord[] = []
      for (const [workspaceId, roles] of members) {
        const role = roles.get(userId)
        if (role) listed.push({ ...workspace(workspaceId), role })
      }
      // Map order is creation order, so a stable sort keeps it among equal timestamps.
      return listed.sort((a, b) => a.createdAt - b.createdAt)
    },

    async createWorkspace(userId, input) {
      return insertWorkspace(userId, input.name, input.description ?? null, false)
    },

    async updateWorkspace(workspaceId, patch) {
      const current = workspace(workspaceId)
      const next: WorkspaceRecord = {
        ...current,
        name: patch.name ?? current.name,
        description: patch.description === undefined ? current.description : patch.description,
        updatedAt: now(),
      }
      workspaces.set(workspaceId, next)
      return { ...next }
    },

    async removeWorkspace(workspaceId) {
      workspace(workspaceId)
      workspaces.delete(workspaceId)
      members.delete(workspaceId)
    },

    async getRole(userId, workspaceId) {
      return members.get(workspaceId)?.get(userId) ?? null
    },

    async setMemberRole(workspaceId, userId, role) {
      workspace(workspaceId)
      if (role === null) members.get(workspaceId)!.delete(userId)
      else members.get(workspaceId)!.set(userId, role)
    },

    async listMembers(workspaceId) {
      workspace(workspaceId)
      const roles = members.get(workspaceId)
      if (!roles) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
      return [...roles].map(([userId, role]) => {
        const user = users.get(userId)
        return { userId, email: user?.email, displayName: user?.displayName, role }
      })
    },

    async findUserByEmail(email) {
      const wanted = email.trim().toLowerCase()
      for (const user of users.values()) if (user.email?.toLowerCase() === wanted) return { ...user }
      return null
    },

    async getActiveWorkspaceId(userId) {
      const active = activeByUser.get(userId)
      // A workspace the user lost access to is no longer active for them.
      return active !== undefined && members.get(active)?.has(userId) ? active : null
    },

    async setActiveWorkspaceId(userId, workspaceId) {
      activeByUser.set(userId, workspaceId)
    },
  }
}
