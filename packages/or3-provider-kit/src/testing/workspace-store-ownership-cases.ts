import { expect } from 'vitest'
import { expectProviderError } from './harness.ts'
import { addMember, newPerson, newUser, withStore, type WorkspaceCase } from './workspace-store-fixtures.ts'

// Ownership invariants: whoever asks, a personal workspace keeps its owner and is never removed,
// and every workspace keeps an owner. Without them a co-owner could lock the real owner out.

export const workspaceOwnershipCases: WorkspaceCase[] = [
  {
    name: "ownership: a personal workspace's owner can't be removed or demoted, even when a co-owner asks",
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [alice, bob] = [await newUser(store), await newPerson(store)]
        const personal = await store.ensurePersonalWorkspace(alice)
        await addMember(store, clock, { workspaceId: personal.id, ownerId: alice, person: bob, role: 'owner' })
        await expectProviderError(store.setMemberRole(personal.id, alice, null), 'CONFLICT', 'removing the personal owner')
        await expectProviderError(store.setMemberRole(personal.id, alice, 'editor'), 'CONFLICT', 'demoting the personal owner')
        await expectProviderError(store.setMemberRole(personal.id, alice, 'viewer'), 'CONFLICT', 'demoting the personal owner')
        expect(await store.getRole(alice, personal.id), 'Alice still owns her personal workspace').toBe('owner')
        const again = await store.ensurePersonalWorkspace(alice)
        expect([again.id, again.role], 'her next request finds the same workspace, owned').toEqual([personal.id, 'owner'])
        expect((await store.listWorkspaces(alice)).filter((w) => w.isPersonal), 'exactly one personal workspace').toHaveLength(1)
        await store.setMemberRole(personal.id, bob.userId, null)
        expect(await store.getRole(bob.userId, personal.id), 'the co-owner can still be removed').toBeNull()
      }),
  },
  {
    name: 'ownership: nobody can delete a personal workspace',
    run: (factory) =>
      withStore(factory, async (store) => {
        const alice = await newUser(store)
        const personal = await store.ensurePersonalWorkspace(alice)
        await expectProviderError(store.removeWorkspace(personal.id), 'CONFLICT', 'deleting a personal workspace')
        expect(await store.getRole(alice, personal.id), 'it is still there').toBe('owner')
        expect((await store.listWorkspaces(alice)).map((w) => w.id), 'and still listed').toContain(personal.id)
      }),
  },
  {
    name: 'ownership: a workspace always keeps at least one owner',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [alice, bob] = [await newUser(store), await newPerson(store)]
        const team = await store.createWorkspace(alice, { name: 'Team' })
        await expectProviderError(store.setMemberRole(team.id, alice, 'editor'), 'CONFLICT', 'demoting the only owner')
        await expectProviderError(store.setMemberRole(team.id, alice, null), 'CONFLICT', 'removing the only owner')
        await addMember(store, clock, { workspaceId: team.id, ownerId: alice, person: bob, role: 'owner' })
        await store.setMemberRole(team.id, alice, null)
        expect(await store.getRole(alice, team.id), 'with another owner, the creator may go').toBeNull()
        await expectProviderError(store.setMemberRole(team.id, bob.userId, 'viewer'), 'CONFLICT', 'demoting the owner who is left')
        expect((await store.listMembers(team.id)).map((m) => m.role), 'one owner remains').toEqual(['owner'])
      }),
  },
]
