import { expect } from 'vitest'
import { createInvitationToken, hashInvitationToken } from '../invitation-tokens.ts'
import { expectProviderError } from './harness.ts'
import { addMember, HOUR_MS, invite, newPerson, newUser, withStore, type WorkspaceCase } from './workspace-store-fixtures.ts'

// Invitations: the only way into someone else's workspace. A link works once, expires, can be
// revoked; matching by email needs a verified email; nothing crosses workspaces.

export const workspaceInvitationCases: WorkspaceCase[] = [
  {
    name: 'invitations: accepting the link makes the invitee a member with the invited role, once',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, bob, carol] = [await newUser(store), await newPerson(store), await newPerson(store)]
        const team = await store.createWorkspace(owner, { name: 'Team' })
        const sent = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: ` ${bob.email.toUpperCase()} `, role: 'editor' })
        expect(sent.invitation, 'the record as created').toMatchObject({
          workspaceId: team.id,
          workspaceName: 'Team',
          email: bob.email.toLowerCase(),
          role: 'editor',
          invitedByUserId: owner,
          status: 'pending',
        })
        expect(await store.getRole(bob.userId, team.id), 'inviting grants nothing yet').toBeNull()
        const joined = await store.acceptInvitation({ tokenHash: sent.tokenHash }, bob)
        expect([joined.id, joined.role], 'the membership accepting made').toEqual([team.id, 'editor'])
        expect(await store.getRole(bob.userId, team.id), 'Bob is an editor').toBe('editor')
        expect((await store.findInvitationByTokenHash(sent.tokenHash))?.status, 'the invitation is used up').toBe('accepted')
        await expectProviderError(store.acceptInvitation({ tokenHash: sent.tokenHash }, bob), 'CONFLICT', 'accepting twice')
        await expectProviderError(store.acceptInvitation({ tokenHash: sent.tokenHash }, carol), 'CONFLICT', 'a used link, by someone else')
        expect(await store.getRole(carol.userId, team.id), 'the link let nobody else in').toBeNull()
        expect(await store.listInvitations(team.id), 'an accepted invitation is no longer outstanding').toEqual([])
      }),
  },
  {
    name: 'invitations: concurrent accepts of one link make exactly one member',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const owner = await newUser(store)
        const people = await Promise.all(Array.from({ length: 6 }, () => newPerson(store)))
        const team = await store.createWorkspace(owner, { name: 'Team' })
        const { tokenHash } = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: people[0]!.email, role: 'viewer' })
        const outcomes = await Promise.allSettled(people.map((person) => store.acceptInvitation({ tokenHash }, person)))
        expect(outcomes.filter((o) => o.status === 'fulfilled'), 'one accept wins').toHaveLength(1)
        expect((await store.listMembers(team.id)).length, 'owner plus one member').toBe(2)
      }),
  },
  {
    name: "invitations: expire by the store's clock",
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, bob] = [await newUser(store), await newPerson(store)]
        const team = await store.createWorkspace(owner, { name: 'Team' })
        const sent = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: bob.email, role: 'editor', expiresInMs: HOUR_MS })
        expect((await store.listInvitationsFor(bob)).map((i) => i.id), 'pending within the hour').toEqual([sent.invitation.id])
        clock.advance(HOUR_MS)
        expect((await store.findInvitationByTokenHash(sent.tokenHash))?.status, 'expired at expiresAt').toBe('expired')
        expect(await store.listInvitationsFor(bob), 'no longer offered to Bob').toEqual([])
        expect((await store.listInvitations(team.id)).map((i) => i.status), 'the owner sees it expired').toEqual(['expired'])
        await expectProviderError(store.acceptInvitation({ tokenHash: sent.tokenHash }, bob), 'CONFLICT', 'accepting an expired link')
        await expectProviderError(store.declineInvitation({ tokenHash: sent.tokenHash }, bob), 'CONFLICT', 'declining an expired link')
        expect(await store.getRole(bob.userId, team.id), 'Bob did not join').toBeNull()
        await expectProviderError(
          store.createInvitation({
            workspaceId: team.id,
            email: bob.email,
            role: 'editor',
            invitedByUserId: owner,
            tokenHash: createInvitationToken().tokenHash,
            expiresAt: clock.now(),
          }),
          'VALIDATION',
          'an invitation that is born expired',
        )
      }),
  },
  {
    name: 'invitations: a revoked invitation can no longer be accepted or declined',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, bob, carol] = [await newUser(store), await newPerson(store), await newPerson(store)]
        const team = await store.createWorkspace(owner, { name: 'Team' })
        const revoked = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: bob.email, role: 'editor' })
        const kept = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: carol.email, role: 'viewer' })
        await store.revokeInvitation(team.id, revoked.invitation.id)
        await store.revokeInvitation(team.id, revoked.invitation.id)
        expect((await store.listInvitations(team.id)).map((i) => i.id), 'only the other one is outstanding').toEqual([kept.invitation.id])
        expect(await store.listInvitationsFor(bob), 'Bob is no longer offered it').toEqual([])
        await expectProviderError(store.acceptInvitation({ tokenHash: revoked.tokenHash }, bob), 'CONFLICT', 'accepting a revoked link')
        await expectProviderError(store.declineInvitation({ tokenHash: revoked.tokenHash }, bob), 'CONFLICT', 'declining a revoked link')
        expect(await store.getRole(bob.userId, team.id), 'Bob did not join').toBeNull()
        await store.acceptInvitation({ tokenHash: kept.tokenHash }, carol)
        await expectProviderError(store.revokeInvitation(team.id, kept.invitation.id), 'CONFLICT', 'revoking an accepted invitation')
        expect(await store.getRole(carol.userId, team.id), 'revoking after the fact removes no one').toBe('viewer')
      }),
  },
  {
    name: 'invitations: declining leaves no membership and closes the invitation',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, bob] = [await newUser(store), await newPerson(store)]
        const team = await store.createWorkspace(owner, { name: 'Team' })
        const sent = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: bob.email, role: 'editor' })
        await store.declineInvitation({ invitationId: sent.invitation.id }, bob)
        expect(await store.getRole(bob.userId, team.id), 'Bob did not join').toBeNull()
        expect((await store.findInvitationByTokenHash(sent.tokenHash))?.status, 'declined').toBe('declined')
        expect(await store.listInvitationsFor(bob), 'no longer offered').toEqual([])
        await expectProviderError(store.acceptInvitation({ tokenHash: sent.tokenHash }, bob), 'CONFLICT', 'accepting after declining')
      }),
  },
  {
    name: 'invitations: matched by email only when it is verified; the link works for whoever holds it',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, bob, mallory] = [await newUser(store), await newPerson(store), await newPerson(store)]
        const team = await store.createWorkspace(owner, { name: 'Team' })
        const sent = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: bob.email, role: 'editor' })
        const byId = { invitationId: sent.invitation.id }
        const unverifiedBob = { ...bob, emailVerified: false }
        expect(await store.listInvitationsFor(unverifiedBob), 'an unverified email matches nothing').toEqual([])
        expect(await store.listInvitationsFor({ ...bob, emailVerified: undefined }), 'unknown means unverified').toEqual([])
        // Someone who registered Bob's address with a provider that does not verify emails.
        const claimant = { userId: mallory.userId, email: bob.email, emailVerified: false }
        await expectProviderError(store.acceptInvitation(byId, claimant), 'NOT_FOUND', 'accepting by id with an unverified email')
        await expectProviderError(store.acceptInvitation(byId, mallory), 'NOT_FOUND', 'accepting by id with another verified email')
        expect(await store.getRole(mallory.userId, team.id), 'Mallory did not join').toBeNull()
        const offered = await store.listInvitationsFor({ ...bob, email: bob.email.toUpperCase() })
        expect(offered.map((i) => [i.id, i.workspaceName, i.role]), 'a verified email matches in any case').toEqual([[sent.invitation.id, 'Team', 'editor']])
        expect(await store.listInvitationsFor(mallory), "nobody else's").toEqual([])
        await store.acceptInvitation(byId, { ...bob, email: bob.email.toUpperCase() })
        expect(await store.getRole(bob.userId, team.id), 'Bob joined by id').toBe('editor')

        const link = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: 'someone-else@example.test', role: 'viewer' })
        await store.acceptInvitation({ tokenHash: link.tokenHash }, claimant)
        expect(await store.getRole(mallory.userId, team.id), 'the link is the credential').toBe('viewer')
      }),
  },
  {
    name: 'invitations: a link is found by its hash only',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, bob] = [await newUser(store), await newPerson(store)]
        const team = await store.createWorkspace(owner, { name: 'Team' })
        const sent = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: bob.email, role: 'editor' })
        expect((await store.findInvitationByTokenHash(sent.tokenHash))?.id, 'found by the hash of its token').toBe(sent.invitation.id)
        expect(await store.findInvitationByTokenHash(hashInvitationToken(`${sent.token}x`)), 'another token').toBeNull()
        expect(await store.findInvitationByTokenHash(sent.token), 'the raw token is not the key').toBeNull()
        await expectProviderError(
          store.acceptInvitation({ tokenHash: createInvitationToken().tokenHash }, bob),
          'NOT_FOUND',
          'accepting an unknown link',
        )
        await expectProviderError(store.acceptInvitation({ invitationId: 'no-such-invitation' }, bob), 'NOT_FOUND', 'an unknown id')
        expect(await store.getRole(bob.userId, team.id), 'Bob did not join').toBeNull()
      }),
  },
  {
    name: 'invitations: stay in their workspace',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [alice, dave, bob] = [await newUser(store), await newUser(store), await newPerson(store)]
        const [aliceTeam, daveTeam] = [await store.createWorkspace(alice, { name: 'A' }), await store.createWorkspace(dave, { name: 'D' })]
        const sent = await invite(store, clock, { workspaceId: aliceTeam.id, inviterId: alice, email: bob.email, role: 'editor' })
        expect(await store.listInvitations(daveTeam.id), "Dave's workspace lists none of Alice's").toEqual([])
        await expectProviderError(store.revokeInvitation(daveTeam.id, sent.invitation.id), 'NOT_FOUND', "revoking through another workspace")
        expect((await store.findInvitationByTokenHash(sent.tokenHash))?.status, 'still pending').toBe('pending')
        await store.acceptInvitation({ tokenHash: sent.tokenHash }, bob)
        expect((await store.listWorkspaces(bob.userId)).map((w) => w.id), 'Bob joined that workspace only').toEqual([aliceTeam.id])
      }),
  },
  {
    name: "invitations: never grant more than the inviter can: an inviter who is no longer an owner can't bring anyone in",
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [alice, bob, carol] = [await newUser(store), await newPerson(store), await newPerson(store)]
        const team = await store.createWorkspace(alice, { name: 'Team' })
        const fromAlice = await invite(store, clock, { workspaceId: team.id, inviterId: alice, email: carol.email, role: 'owner' })
        await addMember(store, clock, { workspaceId: team.id, ownerId: alice, person: bob, role: 'owner' })
        await store.setMemberRole(team.id, alice, 'editor')
        await expectProviderError(store.acceptInvitation({ tokenHash: fromAlice.tokenHash }, carol), 'CONFLICT', "accepting a demoted inviter's invitation")
        expect(await store.getRole(carol.userId, team.id), 'Carol did not join').toBeNull()
      }),
  },
  {
    name: "invitations: accepting never lowers the invitee's role",
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, bob] = [await newUser(store), await newPerson(store)]
        const team = await store.createWorkspace(owner, { name: 'Team' })
        await addMember(store, clock, { workspaceId: team.id, ownerId: owner, person: bob, role: 'editor' })
        const lower = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: bob.email, role: 'viewer' })
        const joined = await store.acceptInvitation({ tokenHash: lower.tokenHash }, bob)
        expect([joined.role, await store.getRole(bob.userId, team.id)], 'still an editor').toEqual(['editor', 'editor'])
      }),
  },
  {
    name: 'invitations: die with their workspace',
    run: (factory) =>
      withStore(factory, async (store, clock) => {
        const [owner, bob] = [await newUser(store), await newPerson(store)]
        const team = await store.createWorkspace(owner, { name: 'Team' })
        const sent = await invite(store, clock, { workspaceId: team.id, inviterId: owner, email: bob.email, role: 'editor' })
        await store.removeWorkspace(team.id)
        expect(await store.listInvitationsFor(bob), 'not offered any more').toEqual([])
        await expectProviderError(store.acceptInvitation({ tokenHash: sent.tokenHash }, bob), 'NOT_FOUND', 'joining a removed workspace')
        expect(await store.listWorkspaces(bob.userId), 'Bob has no access').toEqual([])
      }),
  },
]
