import { createHash, randomBytes } from 'node:crypto'
import type { UserActor } from './actors'
import { signUp, type TemplateBackend } from './template-backend'

export type Role = 'owner' | 'editor' | 'viewer'

/** An invite link's token and the hash the deployment stores, as OR3's kit makes them. */
export function inviteToken() {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: createHash('sha256').update(token).digest('hex') }
}

export const inAWeek = (backend: TemplateBackend) => (backend.clock?.now() ?? Date.now()) + 7 * 24 * 60 * 60 * 1000

/** A workspace of `owner`'s (not personal), named for the test. */
export async function teamWorkspace(owner: UserActor, name = 'Team'): Promise<string> {
  return (await owner.mutation<{ id: string }>('workspaces:create', { name })).id
}

/** Members join by invitation: `owner` invites, the new member accepts by the link. */
export async function invite(backend: TemplateBackend, owner: UserActor, workspaceId: string, member: UserActor, role: Role) {
  const { tokenHash } = inviteToken()
  await owner.mutation('invitations:create', { workspaceId, email: member.email, role, tokenHash, expiresAt: inAWeek(backend) })
  await member.mutation('invitations:accept', { ref: { tokenHash } })
}

/** A new user who is `role` in `workspaceId`. */
export async function memberOf(backend: TemplateBackend, owner: UserActor, workspaceId: string, role: Role, name: string = role) {
  const member = await signUp(backend, { name })
  await invite(backend, owner, workspaceId, member, role)
  return member
}
