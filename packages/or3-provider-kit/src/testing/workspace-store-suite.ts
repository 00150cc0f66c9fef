import { expect } from 'vitest'
import { uniqueId } from './fixtures.ts'
import { expectProviderError, runConformanceSuite, type SuiteOptions } from './harness.ts'
import { workspaceInvitationCases } from './workspace-store-invitation-cases.ts'
import { workspaceOwnershipCases } from './workspace-store-ownership-cases.ts'
import {
  addMember,
  identity,
  newPerson,
  newUser,
  withStore,
  type WorkspaceCase,
  type WorkspaceStoreFactory,
} from './workspace-store-fixtures.ts'
import type { WorkspaceStore } from '../contracts/server.ts'

export type { WorkspaceStoreFactory, WorkspaceStoreSettings } from './workspace-store-fixtures.ts'

const userCases: WorkspaceCase[] = [
  {
    name: 'getOrCreateUser: the same identity maps to the same user; another provider is another user',
    run: (factory) =>
      withStore(factory, async (store) => {
        const who = identity()
        const first = await store.getOrCreateUser(who)
        const again = await store.getOrCreateUser(who)
        expect([first.created, again.created], 'created on first sight only').toEqual([true, false])
        expect(again.user.id, 'the same identity is the same user').toBe(first.user.id)
        expect(first.user.email, 'the identity email is recorded').toBe(who.email)
        const elsewhere = await store.getOrCreateUser({ ...who, provider: 'other-provider' })
        expect(elsewhere.user.id, 'an identity is (provider, providerUserId)').not.toBe(first.user.id)
      }),
  },
  {
    name: "getOrCreateUser: a returning identity's new email and name are recorded",
    run: (factory) =>
      withStore(factory, async (store) => {
        const who = identity()
        const { user } = await store.getOrCreateUser(who)
        const renamed = await store.getOrCreateUser({ ...who, email: `new-${who.email}`, displayName: 'New name' })
        expect([renamed.user.id, renamed.user.email, renamed.user.displayName], 'the same user, as the provider reports it now').toEqual([
          user.id,
          `new-${who.email}`,
          'New name',
        ])
        const again = await store.getOrCreateUser({ ...who, email: `new-${who.email}`, displayName: 'New name' })
        expect(again.user.email, 'the change was stored').toBe(`new-${who.email}`)
        const ws = await store.createWorkspace(user.id, { name: 'Mine' })
        expect((await store.listMembers(ws.id))[0]?.displayName, 'members show the new name').toBe('New name')
      }),
  },
  {
    name: 'getOrCreateUser: concurrent first calls create exactly one user',
    run: (factory) =>
      withStore(factory, async (store) => {
        const who = identity()
        const answers = await Promise.all(Array.from({ length: 8 }, () => store.getOrCreateUser(who)))
        expect(new Set(answers.map((a) => a.user.id)).size, 'every caller gets the same user').toBe(1)
        expect(answers.filter((a) => a.created), 'exactly one caller created it').toHaveLength(1)
      }),
  },
  {
    name: 'getOrCreateUser: the first user of a store is its admin; later ones are not',
    run: (factory) =>
      withStore(factory, async (store) => {
        const [first, second] = [identity(), identity()]
        expect((await store.getOrCreateUser(first)).user.isAdmin, 'the first account is the admin').toBe(true)
        expect((await store.getOrCreateUser(second)).user.isAdmin, 'the second is not').toBe(false)
        expect((await store.getOrCreateUser(first)).user.isAdmin, 'the admin stays admin').toBe(true)
      }),
  },
]

const workspaceCases: WorkspaceCase[] = [
  {
    name: 'ensurePersonalWorkspace: idempotent; the user owns it and it is personal',
    run: (factory) =>
      withStore(factory, async (store) => {
        const userId = await newUser(store)
        const personal = await store.ensurePersonalWorkspace(userId)
        expect([personal.role, personal.isPersonal, personal.ownerUserId], 'an owned personal workspace').toEqual(['owner', true, userId])
        expect((await store.ensurePersonalWorkspace(userId)).id, 'the second call finds the first').toBe(personal.id)
        expect(await store.getRole(userId, personal.id), 'getRole agrees').toBe('owner')
      }),
  },
  {
    name: 'ensurePersonalWorkspace: concurrent calls create one workspace',
    run: (factory) =>
      withStore(factory, async (store) => {
        const userId = await newUser(store)
        const answers = await Promise.all(Array.from({ length: 8 }, () => store.ensurePersonalWorkspace(userId)))
        expect(new Set(answers.map((w) => w.id)).size, 'every caller gets the same workspace').toBe(1)
        const personal = (await store.listWorkspaces(userId)).filter((w) => w.isPersonal)
        expect(personal, 'the user has one personal workspace').toHaveLength(1)
      }),
  },
  {
    name: "listWorkspaces: only the user's own memberships, oldest first",
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [alice, bob] = [await newUser(store), await newUser(store)]
        const a1 = await store.createWorkspace(alice, { name: 'Alice one' })
        clock.advance(1000)
        const b1 = await store.createWorkspace(bob, { name: 'Bob one' })
        clock.advance(1000)
        const a2 = await store.createWorkspace(alice, { name: 'Alice two' })
        const listed = (await store.listWorkspaces(alice)).map((w) => w.id)
        expect(listed, "Bob's workspace is not Alice's").not.toContain(b1.id)
        expect(listed.filter((id) => id === a1.id || id === a2.id), 'oldest first').toEqual([a1.id, a2.id])
        expect((await store.listWorkspaces(bob)).map((w) => w.id), "Bob sees only his").toEqual([b1.id])
      }),
  },
  {
    name: 'createWorkspace: the creator owns it; it is not personal',
    run: (factory) =>
      withStore(factory, async (store) => {
        const userId = await newUser(store)
        const created = await store.createWorkspace(userId, { name: 'Team', description: 'shared work' })
        expect(created, 'the record as created').toMatchObject({
          name: 'Team',
          description: 'shared work',
          role: 'owner',
          isPersonal: false,
          ownerUserId: userId,
        })
        expect(await store.getRole(userId, created.id), 'the creator is owner').toBe('owner')
        const plain = await store.createWorkspace(userId, { name: 'Plain' })
        expect(plain.description, 'no description is null').toBeNull()
      }),
  },
  {
    name: 'updateWorkspace: changes what the patch names and moves updatedAt; NOT_FOUND when unknown',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const userId = await newUser(store)
        const created = await store.createWorkspace(userId, { name: 'Before', description: 'keep me' })
        clock.advance(5000)
        const renamed = await store.updateWorkspace(created.id, { name: 'After' })
        expect([renamed.name, renamed.description], 'an omitted field is unchanged').toEqual(['After', 'keep me'])
        expect(renamed.updatedAt, 'updatedAt moves forward').toBeGreaterThan(created.updatedAt)
        expect(renamed.createdAt, 'createdAt stays').toBe(created.createdAt)
        const cleared = await store.updateWorkspace(created.id, { description: null })
        expect([cleared.name, cleared.description], 'null clears the description').toEqual(['After', null])
        const [listed] = await store.listWorkspaces(userId)
        expect(listed?.name, 'the change is stored').toBe('After')
        await expectProviderError(store.updateWorkspace(uniqueId('missing'), { name: 'x' }), 'NOT_FOUND', 'updating an unknown workspace')
      }),
  },
  {
    name: 'removeWorkspace: every member loses access at once',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, person] = [await newUser(store), await newPerson(store)]
        const editor = person.userId
        const doomed = await store.createWorkspace(owner, { name: 'Doomed' })
        const kept = await store.createWorkspace(owner, { name: 'Kept' })
        await addMember(store, clock, { workspaceId: doomed.id, ownerId: owner, person, role: 'editor' })
        await store.removeWorkspace(doomed.id)
        expect(await store.getRole(owner, doomed.id), "the owner's role is gone").toBeNull()
        expect(await store.getRole(editor, doomed.id), "the editor's role is gone").toBeNull()
        expect((await store.listWorkspaces(owner)).map((w) => w.id), 'it is not listed').toEqual([kept.id])
        expect(await store.listWorkspaces(editor), 'for anyone').toEqual([])
        expect(await store.getRole(owner, kept.id), 'other workspaces are untouched').toBe('owner')
      }),
  },
  {
    name: 'setMemberRole: changes and removes a member; NOT_FOUND for a non-member, who joins by invitation only',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, person, stranger] = [await newUser(store), await newPerson(store), await newUser(store)]
        const member = person.userId
        const ws = await store.createWorkspace(owner, { name: 'Team' })
        await expectProviderError(store.setMemberRole(ws.id, stranger, 'editor'), 'NOT_FOUND', 'adding someone without their consent')
        expect(await store.getRole(stranger, ws.id), 'the stranger was not added').toBeNull()
        await addMember(store, clock, { workspaceId: ws.id, ownerId: owner, person, role: 'editor' })
        expect((await store.listWorkspaces(member)).map((w) => [w.id, w.role]), 'listed with the role').toEqual([[ws.id, 'editor']])
        await store.setMemberRole(ws.id, member, 'viewer')
        expect(await store.getRole(member, ws.id), 'changed to viewer').toBe('viewer')
        await store.setMemberRole(ws.id, member, null)
        expect(await store.getRole(member, ws.id), 'removed').toBeNull()
        expect(await store.listWorkspaces(member), 'and no longer listed').toEqual([])
        expect(await store.getRole(owner, ws.id), 'the owner is untouched').toBe('owner')
      }),
  },
  {
    name: 'listMembers: every member with their role and profile, none of another workspace; NOT_FOUND once removed',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, person, outsider] = [await newUser(store), await newPerson(store), await newUser(store)]
        const member = person.userId
        const ws = await store.createWorkspace(owner, { name: 'Team' })
        await store.createWorkspace(outsider, { name: 'Elsewhere' })
        await addMember(store, clock, { workspaceId: ws.id, ownerId: owner, person, role: 'viewer' })
        const listed = await store.listMembers(ws.id)
        expect(listed.map((m) => [m.userId, m.role]).sort(), 'owner and viewer').toEqual(
          [
            [owner, 'owner'],
            [member, 'viewer'],
          ].sort(),
        )
        expect(listed.find((m) => m.userId === member)?.email, 'with the email they signed in with').toMatch(/@example\.test$/)
        await store.setMemberRole(ws.id, member, null)
        expect((await store.listMembers(ws.id)).map((m) => m.userId), 'a removed member is gone').toEqual([owner])
        await store.removeWorkspace(ws.id)
        await expectProviderError(store.listMembers(ws.id), 'NOT_FOUND', 'members of a removed workspace')
      }),
  },
  {
    name: 'getRole: null for a non-member and for an unknown workspace',
    run: (factory) =>
      withStore(factory, async (store) => {
        const [owner, stranger] = [await newUser(store), await newUser(store)]
        const ws = await store.createWorkspace(owner, { name: 'Private' })
        expect(await store.getRole(stranger, ws.id), 'a non-member has no role').toBeNull()
        expect(await store.getRole(owner, uniqueId('missing')), 'an unknown workspace has no members').toBeNull()
      }),
  },
  {
    name: 'active workspace: null until set, then what was set, per user',
    run: (factory) =>
      withStore(factory, async (store) => {
        const [alice, bob] = [await newUser(store), await newUser(store)]
        const [wa, wb] = [await store.createWorkspace(alice, { name: 'A' }), await store.createWorkspace(bob, { name: 'B' })]
        expect(await store.getActiveWorkspaceId(alice), 'nothing is active at first').toBeNull()
        await store.setActiveWorkspaceId(alice, wa.id)
        await store.setActiveWorkspaceId(bob, wb.id)
        expect(await store.getActiveWorkspaceId(alice), "Alice's choice").toBe(wa.id)
        expect(await store.getActiveWorkspaceId(bob), "Bob's choice, independent of Alice's").toBe(wb.id)
      }),
  },
]

/** Every WorkspaceStore guarantee, by name. */
export const workspaceStoreCases: readonly WorkspaceCase[] = [
  ...userCases,
  ...workspaceCases,
  ...workspaceOwnershipCases,
  ...workspaceInvitationCases,
]

export interface WorkspaceStoreSuiteOptions<T extends WorkspaceStore> extends WorkspaceStoreFactory<T>, SuiteOptions<never> {}

export function testWorkspaceStore<T extends WorkspaceStore>(options: WorkspaceStoreSuiteOptions<T>): void {
  runConformanceSuite('WorkspaceStore', workspaceStoreCases, options as WorkspaceStoreFactory, options)
}
