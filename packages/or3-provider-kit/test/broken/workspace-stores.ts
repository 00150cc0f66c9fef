// Workspace stores with ONE deliberate defect each, wrapping the reference.
import type { UserRecord, WorkspaceStore } from '../../src/contracts/server.ts'
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
