import { isProviderError } from 'or3-provider-kit'
import { describe, expect, it } from 'vitest'
import { createPostgresWorkspaceStore } from '../src/runtime/index'
import { useTwoInstances } from './support/instances'

const twoInstances = useTwoInstances()
const identity = (id: string) => ({ provider: 'test', providerUserId: id, email: `${id}@example.com` })

describe('postgres workspace store across instances', () => {
  it('first sign-ins racing on two instances make one user per identity, one admin and one personal workspace each', async () => {
    const [a, b] = await twoInstances()
    const stores = [createPostgresWorkspaceStore({ db: a }), createPostgresWorkspaceStore({ db: b })]
    const ids = Array.from({ length: 6 }, (_, i) => `user-${i}`)
    // Every identity signs in on both instances at once.
    const answers = await Promise.all(
      ids.flatMap((id) => stores.map(async (store) => {
        const { user } = await store.getOrCreateUser(identity(id))
        const personal = await store.ensurePersonalWorkspace(user.id)
        return { id, user, personal }
      })),
    )
    for (const id of ids) {
      const mine = answers.filter((answer) => answer.id === id)
      expect(new Set(mine.map((m) => m.user.id)).size, `${id} is one user`).toBe(1)
      expect(new Set(mine.map((m) => m.personal.id)).size, `${id} has one personal workspace`).toBe(1)
    }
    const admins = new Set(answers.filter((answer) => answer.user.isAdmin).map((answer) => answer.user.id))
    expect(admins.size, 'exactly one first user became the admin').toBe(1)
    const [count] = await a.sql`SELECT COUNT(*) AS users, (SELECT COUNT(*) FROM workspaces) AS workspaces FROM users`
    expect(count).toEqual({ users: ids.length, workspaces: ids.length })
  })

  it('two owners demoting each other on two instances at once still leave the workspace an owner', async () => {
    const [a, b] = await twoInstances()
    const [storeA, storeB] = [createPostgresWorkspaceStore({ db: a }), createPostgresWorkspaceStore({ db: b })]
    const { user: ada } = await storeA.getOrCreateUser(identity('ada'))
    const { user: bob } = await storeA.getOrCreateUser(identity('bob'))
    for (let round = 0; round < 20; round++) {
      const shared = await storeA.createWorkspace(ada.id, { name: `Shared ${round}` })
      // Bob joined as a co-owner (by invitation, in the app).
      await a.sql`INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (${shared.id}, ${bob.id}, 'owner', 1)`
      const outcomes = await Promise.allSettled([
        storeA.setMemberRole(shared.id, ada.id, 'editor'),
        storeB.setMemberRole(shared.id, bob.id, 'editor'),
      ])
      const owners = (await storeA.listMembers(shared.id)).filter((m) => m.role === 'owner')
      expect(owners.length, 'one demotion lost: the last owner stays').toBe(1)
      const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)
      expect(refused.length, 'the other demotion was refused').toBe(1)
      expect(isProviderError(refused[0]), 'with a ProviderError, not a driver error').toBe(true)
    }
  })
})
