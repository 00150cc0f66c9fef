import { expect } from 'vitest'
import type { ProviderIdentity, WorkspaceStore } from '../contracts/server.ts'
import { createTestClock, uniqueId, type TestClock } from './fixtures.ts'
import {
  expectProviderError,
  runConformanceSuite,
  withInstance,
  type ConformanceCase,
  type ConformanceFactory,
  type SuiteOptions,
} from './harness.ts'

export interface WorkspaceStoreSettings {
  now: () => number
}

/** `create` must return an empty store: the first-user-is-admin case depends on it. */
export type WorkspaceStoreFactory<T extends WorkspaceStore = WorkspaceStore> = ConformanceFactory<WorkspaceStoreSettings, T>

type WorkspaceCase = ConformanceCase<WorkspaceStoreFactory>

function withStore(factory: WorkspaceStoreFactory, body: (store: WorkspaceStore, clock: TestClock) => Promise<void>) {
  const clock = createTestClock()
  return withInstance(factory, { now: clock.now }, (store) => body(store, clock))
}

const identity = (name = uniqueId('user')): ProviderIdentity => ({
  provider: 'conformance',
  providerUserId: name,
  email: `${name}@example.test`,
  displayName: name,
})

async function newUser(store: WorkspaceStore): Promise<string> {
  return (await store.getOrCreateUser(identity())).user.id
}

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
      withStore(factory, async (store) => {
        const [owner, editor] = [await newUser(store), await newUser(store)]
        const doomed = await store.createWorkspace(owner, { name: 'Doomed' })
        const kept = await store.createWorkspace(owner, { name: 'Kept' })
        await store.setMemberRole(doomed.id, editor, 'editor')
        await store.removeWorkspace(doomed.id)
        expect(await store.getRole(owner, doomed.id), "the owner's role is gone").toBeNull()
        expect(await store.getRole(editor, doomed.id), "the editor's role is gone").toBeNull()
        expect((await store.listWorkspaces(owner)).map((w) => w.id), 'it is not listed').toEqual([kept.id])
        expect(await store.listWorkspaces(editor), 'for anyone').toEqual([])
        expect(await store.getRole(owner, kept.id), 'other workspaces are untouched').toBe('owner')
      }),
  },
  {
    name: 'setMemberRole: adds, changes and removes a member',
    run: (factory) =>
      withStore(factory, async (store) => {
        const [owner, member] = [await newUser(store), await newUser(store)]
        const ws = await store.createWorkspace(owner, { name: 'Team' })
        await store.setMemberRole(ws.id, member, 'editor')
        expect(await store.getRole(member, ws.id), 'added as editor').toBe('editor')
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
      withStore(factory, async (store) => {
        const [owner, member, outsider] = [await newUser(store), await newUser(store), await newUser(store)]
        const ws = await store.createWorkspace(owner, { name: 'Team' })
        await store.createWorkspace(outsider, { name: 'Elsewhere' })
        await store.setMemberRole(ws.id, member, 'viewer')
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
    name: 'findUserByEmail: case-insensitive; null for an unknown address',
    run: (factory) =>
      withStore(factory, async (store) => {
        const name = uniqueId('Mixed.Case')
        const { user } = await store.getOrCreateUser(identity(name))
        expect((await store.findUserByEmail(`${name}@example.test`.toUpperCase()))?.id, 'found in any case').toBe(user.id)
        expect(await store.findUserByEmail(`${uniqueId('nobody')}@example.test`), 'unknown address').toBeNull()
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
export const workspaceStoreCases: readonly WorkspaceCase[] = [...userCases, ...workspaceCases]

export interface WorkspaceStoreSuiteOptions<T extends WorkspaceStore> extends WorkspaceStoreFactory<T>, SuiteOptions<never> {}

export function testWorkspaceStore<T extends WorkspaceStore>(options: WorkspaceStoreSuiteOptions<T>): void {
  runConformanceSuite('WorkspaceStore', workspaceStoreCases, options as WorkspaceStoreFactory, options)
}
