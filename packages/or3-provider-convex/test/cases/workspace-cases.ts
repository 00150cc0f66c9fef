import { expect } from 'vitest'
import { expectRefusal } from '../support/actors'
import { memberOf, teamWorkspace } from '../support/memberships'
import type { TemplateCase } from '../support/run-cases'
import { signUp, TEST_SETTINGS } from '../support/template-backend'

interface Membership {
  id: string
  name: string
  description: string | null
  role: string
  isPersonal: boolean
  ownerUserId: string
  createdAt: number
  updatedAt: number
}

const DAY = 24 * 60 * 60 * 1000

export const workspaceCases: TemplateCase[] = [
  {
    name: 'workspaces:ensurePersonal is idempotent, also when called concurrently; the user owns it',
    async run(backend) {
      const user = await signUp(backend)
      const answers = await Promise.all(Array.from({ length: 6 }, () => user.mutation<Membership>('workspaces:ensurePersonal')))
      expect(new Set(answers.map((w) => w.id)), 'one personal workspace').toEqual(new Set([user.personalWorkspaceId]))
      expect([answers[0]!.role, answers[0]!.isPersonal, answers[0]!.ownerUserId], 'owned and personal').toEqual(['owner', true, user.id])
      const listed = await user.query<Membership[]>('workspaces:list')
      expect(listed.filter((w) => w.isPersonal), 'listed once').toHaveLength(1)
    },
  },
  {
    name: 'workspaces:create/list: the creator owns it; a user lists only their own, oldest first; names are checked',
    needsClock: true,
    async run(backend) {
      const [alice, bob] = [await signUp(backend), await signUp(backend)]
      backend.clock!.advance(1000)
      const team = await alice.mutation<Membership>('workspaces:create', { name: '  Team  ', description: 'shared' })
      expect([team.name, team.description, team.role, team.isPersonal], 'trimmed, owned, not personal').toEqual(['Team', 'shared', 'owner', false])
      backend.clock!.advance(1000)
      const bobs = await teamWorkspace(bob, 'Bob only')
      const listed = (await alice.query<Membership[]>('workspaces:list')).map((w) => w.id)
      expect(listed, "oldest first, none of Bob's").toEqual([alice.personalWorkspaceId, team.id])
      expect(listed, "Bob's workspace is not listed for Alice").not.toContain(bobs)
      await expectRefusal(alice.mutation('workspaces:create', { name: '   ' }), 'VALIDATION', 'an empty name')
      await expectRefusal(alice.mutation('workspaces:create', { name: 'x'.repeat(121) }), 'VALIDATION', 'a 121-character name')
    },
  },
  {
    name: 'workspaces:update: owners only; changes what the patch names; null clears the description',
    needsClock: true,
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await owner.mutation<Membership>('workspaces:create', { name: 'Before', description: 'keep me' })
      const editor = await memberOf(backend, owner, ws.id, 'editor')
      const stranger = await signUp(backend)
      await expectRefusal(editor.mutation('workspaces:update', { workspaceId: ws.id, name: 'x' }), 'FORBIDDEN', 'an editor renaming')
      await expectRefusal(stranger.mutation('workspaces:update', { workspaceId: ws.id, name: 'x' }), 'FORBIDDEN', 'a non-member renaming')
      backend.clock!.advance(5000)
      const renamed = await owner.mutation<Membership>('workspaces:update', { workspaceId: ws.id, name: 'After' })
      expect([renamed.name, renamed.description], 'an omitted field is unchanged').toEqual(['After', 'keep me'])
      expect(renamed.updatedAt, 'updatedAt moves').toBeGreaterThan(ws.updatedAt)
      const cleared = await owner.mutation<Membership>('workspaces:update', { workspaceId: ws.id, description: null })
      expect(cleared.description, 'null clears').toBeNull()
      await expectRefusal(owner.mutation('workspaces:update', { workspaceId: ws.id }), 'VALIDATION', 'an empty patch')
      await expectRefusal(backend.server.mutation('workspaces:update', { workspaceId: 'missing', name: 'x' }), 'NOT_FOUND', 'the server renaming an unknown workspace')
    },
  },
  {
    name: 'workspaces:remove hides a workspace from every member at once; a personal one is never removed',
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const editor = await memberOf(backend, owner, ws, 'editor')
      await expectRefusal(editor.mutation('workspaces:remove', { workspaceId: ws }), 'FORBIDDEN', 'an editor removing')
      await expectRefusal(owner.mutation('workspaces:remove', { workspaceId: owner.personalWorkspaceId }), 'CONFLICT', 'removing a personal workspace')
      await expectRefusal(
        backend.server.mutation('workspaces:remove', { workspaceId: owner.personalWorkspaceId }),
        'CONFLICT',
        'the server removing a personal workspace',
      )
      await owner.mutation('workspaces:remove', { workspaceId: ws })
      for (const member of [owner, editor]) {
        expect(await member.query('workspaces:getRole', { workspaceId: ws }), `${member.label} has no role left`).toBeNull()
        expect((await member.query<Membership[]>('workspaces:list')).map((w) => w.id), 'not listed').not.toContain(ws)
        await expectRefusal(member.query('sync:pull', { workspaceId: ws, cursor: 0 }), 'FORBIDDEN', 'pulling from a removed workspace')
      }
      await expectRefusal(backend.server.query('members:list', { workspaceId: ws }), 'NOT_FOUND', 'members of a removed workspace')
    },
  },
  {
    name: "members:setRole keeps ownership: a personal workspace's owner is never demoted or removed; a workspace keeps an owner",
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const coOwner = await memberOf(backend, owner, ws, 'editor', 'co-owner')
      for (const role of ['editor', 'viewer', null]) {
        await expectRefusal(
          backend.server.mutation('members:setRole', { workspaceId: owner.personalWorkspaceId, userId: owner.id, role }),
          'CONFLICT',
          `making the personal owner ${role ?? 'a non-member'}, even as the server`,
        )
      }
      await expectRefusal(owner.mutation('members:setRole', { workspaceId: ws, userId: owner.id, role: 'viewer' }), 'CONFLICT', 'the last owner stepping down')
      await expectRefusal(owner.mutation('members:setRole', { workspaceId: ws, userId: owner.id, role: null }), 'CONFLICT', 'the last owner leaving')
      await expectRefusal(coOwner.mutation('members:setRole', { workspaceId: ws, userId: owner.id, role: null }), 'FORBIDDEN', 'an editor removing the owner')
      await owner.mutation('members:setRole', { workspaceId: ws, userId: coOwner.id, role: 'owner' })
      await owner.mutation('members:setRole', { workspaceId: ws, userId: owner.id, role: 'viewer' })
      expect(await owner.query('workspaces:getRole', { workspaceId: ws }), 'with another owner, an owner may step down').toBe('viewer')
      expect(await coOwner.query('workspaces:getRole', { workspaceId: ws }), 'the other owner stays').toBe('owner')
      const stranger = await signUp(backend)
      await expectRefusal(
        coOwner.mutation('members:setRole', { workspaceId: ws, userId: stranger.id, role: 'editor' }),
        'NOT_FOUND',
        'adding a member without an invitation',
      )
    },
  },
  {
    name: 'members:list and workspaces:getRole: members see each other; nobody reads a workspace they are not in',
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const viewer = await memberOf(backend, owner, ws, 'viewer')
      const stranger = await signUp(backend)
      const members = await viewer.query<{ userId: string; role: string; email?: string }[]>('members:list', { workspaceId: ws })
      expect(members.map((m) => [m.userId, m.role]), 'owner then viewer, oldest first').toEqual([
        [owner.id, 'owner'],
        [viewer.id, 'viewer'],
      ])
      expect(members[1]!.email, 'with the email they signed in with').toBe(viewer.email)
      await expectRefusal(stranger.query('members:list', { workspaceId: ws }), 'FORBIDDEN', 'a stranger listing members')
      await expectRefusal(stranger.query('workspaces:getRole', { workspaceId: ws, userId: owner.id }), 'FORBIDDEN', "asking for someone else's role")
      expect(await stranger.query('workspaces:getRole', { workspaceId: ws }), "a non-member's own role").toBeNull()
      expect(await backend.server.query('workspaces:getRole', { workspaceId: ws, userId: viewer.id }), 'the server asks for anyone').toBe('viewer')
      expect(await owner.query('workspaces:getRole', { workspaceId: 'not-an-id' }), 'an unknown workspace').toBeNull()
    },
  },
  {
    name: 'active workspace: null until set, per user, only a live membership; a removed member falls back to null',
    async run(backend) {
      const [alice, bob] = [await signUp(backend), await signUp(backend)]
      const ws = await teamWorkspace(alice)
      const member = await memberOf(backend, alice, ws, 'editor')
      expect(await alice.query('workspaces:getActive'), 'nothing active at first').toBeNull()
      await alice.mutation('workspaces:setActive', { workspaceId: ws })
      await member.mutation('workspaces:setActive', { workspaceId: ws })
      await bob.mutation('workspaces:setActive', { workspaceId: bob.personalWorkspaceId })
      expect([await alice.query('workspaces:getActive'), await bob.query('workspaces:getActive')], 'per user').toEqual([ws, bob.personalWorkspaceId])
      await expectRefusal(bob.mutation('workspaces:setActive', { workspaceId: ws }), 'NOT_FOUND', 'activating a workspace one is not in')
      await alice.mutation('members:setRole', { workspaceId: ws, userId: member.id, role: null })
      expect(await member.query('workspaces:getActive'), 'a membership that ended is not active').toBeNull()
    },
  },
  {
    name: "maintenance purges a removed workspace's data once the removal is older than the retention",
    needsClock: true,
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      await owner.mutation('sync:push', {
        workspaceId: ws,
        ops: [{ opId: 'op-1', tableName: 'threads', operation: 'put', pk: 't1', payloadJson: '{"title":"x"}', stamp: { deviceId: 'd', opId: 'op-1', hlc: 'h', clock: 1 } }],
      })
      await owner.mutation('workspaces:remove', { workspaceId: ws })
      backend.clock!.advance(TEST_SETTINGS.workspaceRetentionMs - DAY)
      expect((await backend.runInternal<{ count: number }>('maintenance:purgeRemovedWorkspaces')).count, 'within retention nothing is purged').toBe(0)
      expect((await backend.server.query<{ changes: unknown[] }>('sync:pull', { workspaceId: ws, cursor: 0 })).changes, 'the data is kept').toHaveLength(1)
      backend.clock!.advance(2 * DAY)
      let purged = 0
      for (let call = 0; call < 50; call++) {
        const result = await backend.runInternal<{ count: number; hasMore: boolean }>('maintenance:purgeRemovedWorkspaces')
        purged += result.count
        if (!result.hasMore) break
      }
      expect(purged, 'the workspace is purged').toBe(1)
      const after = await backend.server.query<{ changes: unknown[]; nextCursor: number }>('sync:pull', { workspaceId: ws, cursor: 0 })
      expect([after.changes.length, after.nextCursor], 'its synced data is gone').toEqual([0, 0])
      expect((await owner.query<Membership[]>('workspaces:list')).map((w) => w.id), 'the personal workspace stays').toEqual([owner.personalWorkspaceId])
    },
  },
]
