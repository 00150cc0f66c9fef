import { expect } from 'vitest'
import { expectRefusal } from '../support/actors'
import { inAWeek, inviteToken, memberOf, teamWorkspace } from '../support/memberships'
import type { TemplateCase } from '../support/run-cases'
import { signUp } from '../support/template-backend'

interface Invitation {
  id: string
  workspaceId: string
  workspaceName: string
  email: string
  role: string
  invitedByName: string | null
  status: string
}

export const invitationCases: TemplateCase[] = [
  {
    name: 'invitations: an owner invites; the link joins the holder once with the role; only the hash is stored',
    async run(backend) {
      const owner = await signUp(backend, { name: 'Olivia' })
      const ws = await teamWorkspace(owner, 'Crew')
      const invitee = await signUp(backend)
      const { token, tokenHash } = inviteToken()
      const created = await owner.mutation<Invitation>('invitations:create', {
        workspaceId: ws,
        email: `  ${invitee.email.toUpperCase()} `,
        role: 'editor',
        tokenHash,
        expiresAt: inAWeek(backend),
      })
      expect([created.email, created.status, created.workspaceName, created.invitedByName], 'normalized and pending').toEqual([
        invitee.email,
        'pending',
        'Crew',
        'Olivia',
      ])
      expect(JSON.stringify(created), 'the token itself is never stored or answered').not.toContain(token)
      const preview = await invitee.query<Invitation>('invitations:findByTokenHash', { tokenHash })
      expect(preview.id, 'the link previews its invitation').toBe(created.id)
      const joined = await invitee.mutation<{ id: string; role: string }>('invitations:accept', { ref: { tokenHash } })
      expect([joined.id, joined.role], 'a membership with the invited role').toEqual([ws, 'editor'])
      await expectRefusal(invitee.mutation('invitations:accept', { ref: { tokenHash } }), 'CONFLICT', 'accepting twice')
      expect((await owner.query<Invitation[]>('invitations:listForWorkspace', { workspaceId: ws })).length, 'answered ones are not listed').toBe(0)
    },
  },
  {
    name: 'invitations: expired, revoked, declined and superseded invitations never become memberships',
    needsClock: true,
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const [late, revoked, declining] = [await signUp(backend), await signUp(backend), await signUp(backend)]
      const links = { late: inviteToken(), revoked: inviteToken(), declining: inviteToken(), first: inviteToken(), second: inviteToken() }
      const create = (email: string, tokenHash: string, expiresAt = inAWeek(backend)) =>
        owner.mutation<Invitation>('invitations:create', { workspaceId: ws, email, role: 'viewer', tokenHash, expiresAt })
      await create(late.email, links.late.tokenHash, backend.clock!.now() + 1000)
      const toRevoke = await create(revoked.email, links.revoked.tokenHash)
      await create(declining.email, links.declining.tokenHash)
      await owner.mutation('invitations:revoke', { workspaceId: ws, invitationId: toRevoke.id })
      await owner.mutation('invitations:revoke', { workspaceId: ws, invitationId: toRevoke.id })
      await declining.mutation('invitations:decline', { ref: { tokenHash: links.declining.tokenHash } })
      backend.clock!.advance(2000)
      await expectRefusal(late.mutation('invitations:accept', { ref: { tokenHash: links.late.tokenHash } }), 'CONFLICT', 'an expired invitation')
      await expectRefusal(revoked.mutation('invitations:accept', { ref: { tokenHash: links.revoked.tokenHash } }), 'CONFLICT', 'a revoked invitation')
      await expectRefusal(declining.mutation('invitations:accept', { ref: { tokenHash: links.declining.tokenHash } }), 'CONFLICT', 'a declined invitation')
      for (const user of [late, revoked, declining]) {
        expect(await user.query('workspaces:getRole', { workspaceId: ws }), `${user.label} did not join`).toBeNull()
      }
      const again = await signUp(backend)
      await create(again.email, links.first.tokenHash)
      await create(again.email, links.second.tokenHash)
      await expectRefusal(again.mutation('invitations:accept', { ref: { tokenHash: links.first.tokenHash } }), 'CONFLICT', 'a link superseded by a newer invitation')
      await again.mutation('invitations:accept', { ref: { tokenHash: links.second.tokenHash } })
      expect(await again.query('workspaces:getRole', { workspaceId: ws }), 'the newest link works').toBe('viewer')
    },
  },
  {
    name: 'invitations by id: only for the verified, invited email; an inviter who is no longer owner voids the invitation',
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const invitee = await signUp(backend)
      const unverified = await signUp(backend, { emailVerified: false })
      const other = await signUp(backend)
      const byId = await owner.mutation<Invitation>('invitations:create', {
        workspaceId: ws,
        email: invitee.email,
        role: 'editor',
        tokenHash: inviteToken().tokenHash,
        expiresAt: inAWeek(backend),
      })
      expect((await invitee.query<Invitation[]>('invitations:listMine')).map((i) => i.id), 'listed for the verified invitee').toEqual([byId.id])
      await expectRefusal(other.mutation('invitations:accept', { ref: { invitationId: byId.id } }), 'NOT_FOUND', 'another user answering by id')
      await owner.mutation('invitations:create', { workspaceId: ws, email: unverified.email, role: 'viewer', tokenHash: inviteToken().tokenHash, expiresAt: inAWeek(backend) })
      expect(await unverified.query('invitations:listMine'), 'an unverified email matches nothing').toEqual([])

      const coOwner = await memberOf(backend, owner, ws, 'owner', 'co-owner')
      const link = inviteToken()
      await coOwner.mutation('invitations:create', { workspaceId: ws, email: other.email, role: 'viewer', tokenHash: link.tokenHash, expiresAt: inAWeek(backend) })
      await owner.mutation('members:setRole', { workspaceId: ws, userId: coOwner.id, role: 'viewer' })
      await expectRefusal(other.mutation('invitations:accept', { ref: { tokenHash: link.tokenHash } }), 'CONFLICT', 'an invitation whose inviter was demoted')
      await invitee.mutation('invitations:accept', { ref: { invitationId: byId.id } })
      expect(await invitee.query('workspaces:getRole', { workspaceId: ws }), 'joined by id').toBe('editor')
    },
  },
  {
    name: 'invitations: only owners invite, list and revoke; accepting keeps a higher role',
    async run(backend) {
      const owner = await signUp(backend)
      const ws = await teamWorkspace(owner)
      const editor = await memberOf(backend, owner, ws, 'editor')
      const invite = (actor: typeof owner, email: string, role = 'viewer', tokenHash = inviteToken().tokenHash) =>
        actor.mutation<Invitation>('invitations:create', { workspaceId: ws, email, role, tokenHash, expiresAt: inAWeek(backend) })
      await expectRefusal(invite(editor, 'someone@example.test'), 'FORBIDDEN', 'an editor inviting')
      await expectRefusal(editor.query('invitations:listForWorkspace', { workspaceId: ws }), 'FORBIDDEN', 'an editor listing invitations')
      await expectRefusal(
        owner.mutation('invitations:create', { workspaceId: ws, email: 'x@example.test', role: 'viewer', tokenHash: inviteToken().tokenHash, invitedByUserId: editor.id, expiresAt: inAWeek(backend) }),
        'FORBIDDEN',
        'inviting in the name of someone else',
      )
      await expectRefusal(invite(owner, 'not an email'), 'VALIDATION', 'a malformed email')
      const link = inviteToken()
      await invite(owner, editor.email, 'viewer', link.tokenHash)
      await editor.mutation('invitations:accept', { ref: { tokenHash: link.tokenHash } })
      expect(await editor.query('workspaces:getRole', { workspaceId: ws }), 'a lower invited role does not demote').toBe('editor')
      const pending = await invite(owner, 'later@example.test')
      await expectRefusal(
        owner.mutation('invitations:revoke', { workspaceId: owner.personalWorkspaceId, invitationId: pending.id }),
        'NOT_FOUND',
        'revoking through another workspace',
      )
    },
  },
]
