// Workspace stores with ONE deliberate defect each, wrapping the reference.
import type { InvitationRecord, InvitationRef, Invitee, UserRecord, WorkspaceStore } from '../../src/contracts/server.ts'
import { isProviderError } from '../../src/errors.ts'
import { createInvitationToken } from '../../src/invitation-tokens.ts'
import { createMemoryWorkspaceStore, type WorkspaceStoreFactory } from '../../src/testing/index.ts'

type Defect = (inner: WorkspaceStore) => WorkspaceStore

const brokenFactory = (defect: Defect): WorkspaceStoreFactory => ({
  create: ({ now }) => defect(createMemoryWorkspaceStore({ now })),
})

/** Lists every workspace it knows of: the query lost its `where user_id = ?`. */
export const listsEveryWorkspace = brokenFactory((inner) => {
  const userIds = new Set<string>()
  return {
    ...inner,
    async getOrCreateUser(identity) {
      const answer = await inner.getOrCreateUser(identity)
      userIds.add(answer.user.id)
      return answer
    },
    async listWorkspaces() {
      const all = (await Promise.all([...userIds].map((id) => inner.listWorkspaces(id)))).flat()
      return all.filter((w, i) => all.findIndex((o) => o.id === w.id) === i)
    },
  }
})

/** Looks the identity up, awaits, then inserts with no unique key: concurrent first calls duplicate. */
export const racyUserCreation = brokenFactory((inner) => {
  const known = new Map<string, UserRecord>()
  let inserts = 0
  return {
    ...inner,
    async getOrCreateUser(identity) {
      const key = `${identity.provider}/${identity.providerUserId}`
      const found = known.get(key)
      if (found) return { user: found, created: false }
      await new Promise((resolve) => setTimeout(resolve, 1))
      // No unique index: each insert makes a new row.
      const { user } = await inner.getOrCreateUser({ ...identity, providerUserId: `${identity.providerUserId}#${++inserts}` })
      known.set(key, user)
      return { user, created: true }
    },
  }
})

/** Makes every account an admin. */
export const everyoneIsAdmin = brokenFactory((inner) => ({
  ...inner,
  async getOrCreateUser(identity) {
    const answer = await inner.getOrCreateUser(identity)
    return { ...answer, user: { ...answer.user, isAdmin: true } }
  },
}))

/** Soft-deletes a workspace but getRole never checks the flag: members keep access. */
export const removalKeepsAccess = brokenFactory((inner) => {
  const removed = new Set<string>()
  return {
    ...inner,
    async removeWorkspace(workspaceId) {
      removed.add(workspaceId)
    },
    async listWorkspaces(userId) {
      return (await inner.listWorkspaces(userId)).filter((w) => !removed.has(w.id))
    },
  }
})

/** Returns the profile first seen: the read-only fast path forgot to write a changed email or name. */
export const frozenProfile = brokenFactory((inner) => {
  const firstSeen = new Map<string, UserRecord>()
  return {
    ...inner,
    async getOrCreateUser(identity) {
      const key = `${identity.provider}/${identity.providerUserId}`
      const known = firstSeen.get(key)
      if (known) return { user: known, created: false }
      const answer = await inner.getOrCreateUser(identity)
      firstSeen.set(key, answer.user)
      return answer
    },
  }
})

// ------------------------------------------------------------------ ownership invariants
// The reference refuses these changes; each broken store lets the call succeed, as a store
// that lacks the check would.

async function isPersonalOwner(inner: WorkspaceStore, workspaceId: string, userId: string): Promise<boolean> {
  const found = (await inner.listWorkspaces(userId)).find((w) => w.id === workspaceId)
  return found?.isPersonal === true && found.ownerUserId === userId
}

function allowing(inner: WorkspaceStore, when: (workspaceId: string, userId: string) => Promise<boolean>): WorkspaceStore {
  return {
    ...inner,
    async setMemberRole(workspaceId, userId, role) {
      try {
        await inner.setMemberRole(workspaceId, userId, role)
      } catch (error) {
        if (!(isProviderError(error) && error.code === 'CONFLICT' && (await when(workspaceId, userId)))) throw error
      }
    },
  }
}

/** No personal-owner rule: a co-owner can remove or demote the owner of a personal workspace. */
export const personalOwnerRemovable = brokenFactory((inner) => allowing(inner, (ws, user) => isPersonalOwner(inner, ws, user)))

/** No last-owner rule: the only owner of a shared workspace can be demoted or removed. */
export const lastOwnerRemovable = brokenFactory((inner) =>
  allowing(inner, async (ws, user) => !(await isPersonalOwner(inner, ws, user))),
)

/** Has no personal-workspace check in removeWorkspace: removing one succeeds. */
export const personalWorkspaceDeletable = brokenFactory((inner) => ({
  ...inner,
  async removeWorkspace(workspaceId) {
    await inner.removeWorkspace(workspaceId).catch((error: unknown) => {
      if (!isConflict(error)) throw error
    })
  },
}))

/** setMemberRole adds anyone it is given: membership without consent. */
export const addsWithoutConsent = brokenFactory((inner) => {
  const emails = new Map<string, string>()
  return {
    ...inner,
    async getOrCreateUser(identity) {
      const answer = await inner.getOrCreateUser(identity)
      if (identity.email) emails.set(answer.user.id, identity.email)
      return answer
    },
    async setMemberRole(workspaceId, userId, role) {
      if (role === null || (await inner.getRole(userId, workspaceId)) !== null) return inner.setMemberRole(workspaceId, userId, role)
      const owner = (await inner.listMembers(workspaceId)).find((m) => m.role === 'owner')!
      const { tokenHash } = createInvitationToken()
      const email = emails.get(userId) ?? `${userId}@example.test`
      await inner.createInvitation({ workspaceId, email, role, invitedByUserId: owner.userId, tokenHash, expiresAt: Number.MAX_SAFE_INTEGER })
      await inner.acceptInvitation({ tokenHash }, { userId })
    },
  }
})

// ------------------------------------------------------------------ invitations

/** Remembers every invitation it created, so defects can look one up by id or token hash. */
function tracking(inner: WorkspaceStore) {
  const created = new Map<string, { record: InvitationRecord; tokenHash: string }>()
  const store: WorkspaceStore = {
    ...inner,
    async createInvitation(input) {
      const record = await inner.createInvitation(input)
      created.set(record.id, { record, tokenHash: input.tokenHash })
      return record
    },
  }
  const lookup = (ref: InvitationRef) =>
    'tokenHash' in ref ? [...created.values()].find((c) => c.tokenHash === ref.tokenHash) : created.get(ref.invitationId)
  return { store, created, lookup }
}

/** Joins `invitee` to the invitation's workspace through a fresh invitation: a write that skips the checks. */
async function forceJoin(inner: WorkspaceStore, record: InvitationRecord, invitee: Invitee, inviterId = record.invitedByUserId) {
  const { tokenHash } = createInvitationToken()
  await inner.createInvitation({ ...pick(record), invitedByUserId: inviterId, tokenHash, expiresAt: Number.MAX_SAFE_INTEGER })
  return inner.acceptInvitation({ tokenHash }, invitee)
}

const pick = ({ workspaceId, email, role }: InvitationRecord) => ({ workspaceId, email, role })

const isConflict = (error: unknown, about?: RegExp) =>
  isProviderError(error) && error.code === 'CONFLICT' && (about === undefined || about.test(error.message))

/**
 * Joins anyway when the reference refuses an acceptance for `reason`: a store that lacks that
 * check. `inviter` names who the forced invitation comes from (the original inviter by default).
 */
function joinsDespite(
  reason: RegExp,
  inviter: (inner: WorkspaceStore, record: InvitationRecord) => Promise<string> = async (_, record) => record.invitedByUserId,
): WorkspaceStoreFactory {
  return brokenFactory((inner) => {
    const { store, lookup } = tracking(inner)
    return {
      ...store,
      async acceptInvitation(ref, invitee) {
        try {
          return await inner.acceptInvitation(ref, invitee)
        } catch (error) {
          const found = lookup(ref)
          if (!found || !isConflict(error, reason)) throw error
          return forceJoin(inner, found.record, invitee, await inviter(inner, found.record))
        }
      },
    }
  })
}

/** A used invitation accepted again answers with the membership instead of refusing. */
export const acceptsTwice = joinsDespite(/already been accepted/)

/** Reads the status, awaits, then writes the membership: concurrent accepts all succeed. */
export const racyAccept = brokenFactory((inner) => {
  const { store, lookup } = tracking(inner)
  return {
    ...store,
    async acceptInvitation(ref, invitee) {
      const found = lookup(ref)
      const current = found && (await inner.findInvitationByTokenHash(found.tokenHash))
      if (!found || current?.status !== 'pending') return inner.acceptInvitation(ref, invitee)
      await new Promise((resolve) => setTimeout(resolve, 1))
      try {
        return await inner.acceptInvitation(ref, invitee)
      } catch (error) {
        if (!isConflict(error)) throw error
        return forceJoin(inner, found.record, invitee)
      }
    },
  }
})

/** Never compares expiresAt with the clock: its own clock stands still. */
export const ignoresExpiry: WorkspaceStoreFactory = {
  create: ({ now }) => {
    const frozenAt = now()
    return createMemoryWorkspaceStore({ now: () => frozenAt })
  },
}

/** Revoking changes nothing. */
export const revokeIsIgnored = brokenFactory((inner) => ({ ...inner, async revokeInvitation() {} }))

/** Declining changes nothing. */
export const declineIsIgnored = brokenFactory((inner) => ({ ...inner, async declineInvitation() {} }))

/** Treats every email as verified, as if a provider's unverified claim were proof. */
export const trustsUnverifiedEmail = brokenFactory((inner) => ({
  ...inner,
  listInvitationsFor: (invitee) => inner.listInvitationsFor({ ...invitee, emailVerified: true }),
  acceptInvitation: (ref, invitee) => inner.acceptInvitation(ref, { ...invitee, emailVerified: true }),
  declineInvitation: (ref, invitee) => inner.declineInvitation(ref, { ...invitee, emailVerified: true }),
}))

/** An unknown link resolves to the newest invitation: the token hash is not really compared. */
export const matchesAnyLink = brokenFactory((inner) => {
  const { store, created } = tracking(inner)
  const newest = () => [...created.values()].at(-1)
  return {
    ...store,
    async findInvitationByTokenHash(tokenHash) {
      return (await inner.findInvitationByTokenHash(tokenHash)) ?? (await inner.findInvitationByTokenHash(newest()?.tokenHash ?? tokenHash))
    },
    async acceptInvitation(ref, invitee) {
      const known = 'tokenHash' in ref && [...created.values()].some((c) => c.tokenHash === ref.tokenHash)
      const fallback = newest()
      return inner.acceptInvitation('tokenHash' in ref && !known && fallback ? { tokenHash: fallback.tokenHash } : ref, invitee)
    },
  }
})

/** Revokes by invitation id alone, whatever workspace the request named. */
export const revokesAcrossWorkspaces = brokenFactory((inner) => {
  const { store, created } = tracking(inner)
  return {
    ...store,
    async revokeInvitation(workspaceId, invitationId) {
      return inner.revokeInvitation(created.get(invitationId)?.record.workspaceId ?? workspaceId, invitationId)
    },
  }
})

/** Does not re-check the inviter at acceptance: a demoted inviter's invitation still lets people in. */
export const ignoresInviterRole = joinsDespite(
  /no longer manages/,
  async (inner, record) => (await inner.listMembers(record.workspaceId)).find((m) => m.role === 'owner')!.userId,
)

/** Sets the invited role even when the member already had a higher one. */
export const acceptLowersRole = brokenFactory((inner) => {
  const { store, lookup } = tracking(inner)
  return {
    ...store,
    async acceptInvitation(ref, invitee) {
      const joined = await inner.acceptInvitation(ref, invitee)
      const invited = lookup(ref)!.record.role
      if (joined.role === invited) return joined
      await inner.setMemberRole(joined.id, invitee.userId, invited)
      return { ...joined, role: invited }
    },
  }
})
