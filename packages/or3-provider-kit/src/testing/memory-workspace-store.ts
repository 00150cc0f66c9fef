import { defineWorkspaceStore } from '../adapters/define-workspace-store.ts'
import type {
  InvitationRecord,
  InvitationRef,
  Invitee,
  MembershipRecord,
  UserRecord,
  WorkspaceRecord,
  WorkspaceStore,
} from '../contracts/server.ts'
import { ProviderError } from '../errors.ts'
import type { WorkspaceRole } from '../schemas/common.ts'
import type { InvitationStatus } from '../schemas/workspaces.ts'
import {
  assertInvitationPending,
  assertInvitationRevocable,
  assertInviterStillOwner,
  assertMemberChangeAllowed,
  assertWorkspaceRemovable,
  higherRole,
  invitationNotFound,
  invitationStatusAt,
  invitationWorkspaceGone,
  inviteeMatches,
  verifiedInviteeEmail,
} from '../workspaces/rules.ts'

export interface MemoryWorkspaceStoreOptions {
  now?: () => number
}

interface StoredInvitation {
  id: string
  workspaceId: string
  email: string
  role: WorkspaceRole
  invitedByUserId: string
  tokenHash: string
  createdAt: number
  expiresAt: number
  status: Exclude<InvitationStatus, 'expired'>
}

/**
 * The reference WorkspaceStore, on the kit's factory (which checks every argument). Every method reads and writes without awaiting in between, so
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
  const invitations = new Map<string, StoredInvitation>()

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

  function toInvitation(stored: StoredInvitation): InvitationRecord {
    const inviter = users.get(stored.invitedByUserId)
    return {
      id: stored.id,
      workspaceId: stored.workspaceId,
      workspaceName: workspaces.get(stored.workspaceId)?.name ?? '',
      email: stored.email,
      role: stored.role,
      invitedByUserId: stored.invitedByUserId,
      invitedByName: inviter?.displayName ?? inviter?.email ?? null,
      createdAt: stored.createdAt,
      expiresAt: stored.expiresAt,
      status: invitationStatusAt(stored.status, stored.expiresAt, now()),
    }
  }

  /** The invitation `ref` names for `invitee`, of a live workspace, still pending. */
  function openInvitation(ref: InvitationRef, invitee: Invitee): StoredInvitation {
    const found =
      'tokenHash' in ref
        ? [...invitations.values()].find((i) => i.tokenHash === ref.tokenHash)
        : invitations.get(ref.invitationId)
    if (!found || !inviteeMatches(ref, found.email, invitee)) throw invitationNotFound(ref)
    if (!workspaces.has(found.workspaceId)) throw invitationWorkspaceGone()
    assertInvitationPending(invitationStatusAt(found.status, found.expiresAt, now()))
    return found
  }

  const byCreation = (a: { createdAt: number }, b: { createdAt: number }) => a.createdAt - b.createdAt

  return defineWorkspaceStore({
    id: 'memory',

    getOrCreateUser(identity) {
      const key = `${identity.provider}\u0000${identity.providerUserId}`
      const existing = userByIdentity.get(key)
      if (existing) {
        // A returning user: keep the profile the sign-in provider reports now.
        const user = users.get(existing)!
        const refreshed = {
          ...user,
          email: identity.email ?? user.email,
          displayName: identity.displayName ?? user.displayName,
        }
        users.set(existing, refreshed)
        return { user: { ...refreshed }, created: false }
      }
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

    ensurePersonalWorkspace(userId) {
      const existing = personalByUser.get(userId)
      if (existing) {
        // The owner of a personal workspace is always its owner, whatever happened before.
        members.get(existing)!.set(userId, 'owner')
        return membership(existing, userId)
      }
      const created = insertWorkspace(userId, 'Personal', null, true)
      personalByUser.set(userId, created.id)
      return created
    },

    listWorkspaces(userId) {
      const listed: MembershipRecord[] = []
      for (const [workspaceId, roles] of members) {
        const role = roles.get(userId)
        if (role) listed.push({ ...workspace(workspaceId), role })
      }
      // Map order is creation order, so a stable sort keeps it among equal timestamps.
      return listed.sort(byCreation)
    },

    createWorkspace(userId, input) {
      return insertWorkspace(userId, input.name, input.description ?? null, false)
    },

    updateWorkspace(workspaceId, patch) {
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

    removeWorkspace(workspaceId) {
      assertWorkspaceRemovable(workspace(workspaceId))
      workspaces.delete(workspaceId)
      members.delete(workspaceId)
    },

    getRole(userId, workspaceId) {
      return members.get(workspaceId)?.get(userId) ?? null
    },

    setMemberRole(workspaceId, userId, role) {
      const target = workspace(workspaceId)
      const roles = members.get(workspaceId)!
      const otherOwners = [...roles].filter(([id, r]) => id !== userId && r === 'owner').length
      assertMemberChangeAllowed({ workspace: target, userId, currentRole: roles.get(userId) ?? null, nextRole: role, otherOwners })
      if (role === null) roles.delete(userId)
      else roles.set(userId, role)
    },

    listMembers(workspaceId) {
      workspace(workspaceId)
      return [...members.get(workspaceId)!].map(([userId, role]) => {
        const user = users.get(userId)
        return { userId, email: user?.email, displayName: user?.displayName, role }
      })
    },

    getActiveWorkspaceId(userId) {
      const active = activeByUser.get(userId)
      // A workspace the user lost access to is no longer active for them.
      return active !== undefined && members.get(active)?.has(userId) ? active : null
    },

    setActiveWorkspaceId(userId, workspaceId) {
      activeByUser.set(userId, workspaceId)
    },

    createInvitation(input) {
      workspace(input.workspaceId)
      if (!(input.expiresAt > now())) throw new ProviderError('VALIDATION', 'An invitation must expire in the future')
      for (const earlier of invitations.values()) {
        if (earlier.workspaceId === input.workspaceId && earlier.email === input.email && earlier.status === 'pending') {
          earlier.status = 'revoked'
        }
      }
      const stored: StoredInvitation = {
        id: crypto.randomUUID(),
        workspaceId: input.workspaceId,
        email: input.email,
        role: input.role,
        invitedByUserId: input.invitedByUserId,
        tokenHash: input.tokenHash,
        createdAt: now(),
        expiresAt: input.expiresAt,
        status: 'pending',
      }
      invitations.set(stored.id, stored)
      return toInvitation(stored)
    },

    listInvitations(workspaceId) {
      workspace(workspaceId)
      return [...invitations.values()]
        .filter((i) => i.workspaceId === workspaceId && i.status === 'pending')
        .map(toInvitation)
        .sort(byCreation)
    },

    listInvitationsFor(invitee) {
      const email = verifiedInviteeEmail(invitee)
      if (email === null) return []
      return [...invitations.values()]
        .filter((i) => i.email === email && workspaces.has(i.workspaceId))
        .map(toInvitation)
        .filter((i) => i.status === 'pending')
        .sort(byCreation)
    },

    findInvitationByTokenHash(tokenHash) {
      const found = [...invitations.values()].find((i) => i.tokenHash === tokenHash)
      return found ? toInvitation(found) : null
    },

    acceptInvitation(ref, invitee) {
      const invitation = openInvitation(ref, invitee)
      const roles = members.get(invitation.workspaceId)!
      assertInviterStillOwner(roles.get(invitation.invitedByUserId) ?? null)
      if (!users.has(invitee.userId)) throw new ProviderError('NOT_FOUND', `No user ${invitee.userId}`)
      const current = roles.get(invitee.userId)
      roles.set(invitee.userId, current ? higherRole(current, invitation.role) : invitation.role)
      invitation.status = 'accepted'
      return membership(invitation.workspaceId, invitee.userId)
    },

    declineInvitation(ref, invitee) {
      openInvitation(ref, invitee).status = 'declined'
    },

    revokeInvitation(workspaceId, invitationId) {
      const found = invitations.get(invitationId)
      if (!found || found.workspaceId !== workspaceId || !workspaces.has(workspaceId)) {
        throw new ProviderError('NOT_FOUND', 'There is no such invitation in this workspace')
      }
      assertInvitationRevocable(found.status)
      found.status = 'revoked'
    },
  })
}
