import type { InvitationRecord, Invitee, ProviderIdentity, WorkspaceStore } from '../contracts/server.ts'
import { createInvitationToken } from '../invitation-tokens.ts'
import type { WorkspaceRole } from '../schemas/common.ts'
import { createTestClock, uniqueId, type TestClock } from './fixtures.ts'
import { withInstance, type ConformanceCase, type ConformanceFactory } from './harness.ts'

export interface WorkspaceStoreSettings {
  now: () => number
}

/** `create` must return an empty store: the first-user-is-admin case depends on it. */
export type WorkspaceStoreFactory<T extends WorkspaceStore = WorkspaceStore> = ConformanceFactory<WorkspaceStoreSettings, T>

export type WorkspaceCase = ConformanceCase<WorkspaceStoreFactory>

export const HOUR_MS = 60 * 60 * 1000

export function withStore(factory: WorkspaceStoreFactory, body: (store: WorkspaceStore, clock: TestClock) => Promise<void>) {
  const clock = createTestClock()
  return withInstance(factory, { now: clock.now }, (store) => body(store, clock))
}

export const identity = (name = uniqueId('user')): ProviderIdentity => ({
  provider: 'conformance',
  providerUserId: name,
  email: `${name}@example.test`,
  displayName: name,
  emailVerified: true,
})

export async function newUser(store: WorkspaceStore): Promise<string> {
  return (await store.getOrCreateUser(identity())).user.id
}

/** A signed-in user as an invitee, with a verified email. */
export async function newPerson(store: WorkspaceStore): Promise<Required<Invitee>> {
  const who = identity()
  const { user } = await store.getOrCreateUser(who)
  return { userId: user.id, email: who.email!, emailVerified: true }
}

export interface SentInvitation {
  invitation: InvitationRecord
  token: string
  tokenHash: string
}

/** An invitation as core creates one: a fresh link token, stored by its hash. */
export async function invite(
  store: WorkspaceStore,
  clock: TestClock,
  input: { workspaceId: string; inviterId: string; email: string; role: WorkspaceRole; expiresInMs?: number },
): Promise<SentInvitation> {
  const { token, tokenHash } = createInvitationToken()
  const invitation = await store.createInvitation({
    workspaceId: input.workspaceId,
    email: input.email,
    role: input.role,
    invitedByUserId: input.inviterId,
    tokenHash,
    expiresAt: clock.now() + (input.expiresInMs ?? 24 * HOUR_MS),
  })
  return { invitation, token, tokenHash }
}

/** Makes `person` a member the only way there is: an owner invites, they accept the link. */
export async function addMember(
  store: WorkspaceStore,
  clock: TestClock,
  input: { workspaceId: string; ownerId: string; person: Invitee & { email: string }; role: WorkspaceRole },
): Promise<void> {
  const { tokenHash } = await invite(store, clock, {
    workspaceId: input.workspaceId,
    inviterId: input.ownerId,
    email: input.person.email,
    role: input.role,
  })
  await store.acceptInvitation({ tokenHash }, input.person)
}
