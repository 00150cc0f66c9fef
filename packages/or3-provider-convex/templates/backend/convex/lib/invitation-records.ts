import { v, type Infer } from 'convex/values'
import type { Doc } from '../_generated/dataModel'
import type { QueryCtx } from '../_generated/server'
import { fail } from './errors'
import { TEXT_LIMITS, validation } from './protocol'
import { roleValidator } from './validators'

export const invitationRecordValidator = v.object({
  id: v.string(),
  workspaceId: v.string(),
  workspaceName: v.string(),
  email: v.string(),
  role: roleValidator,
  invitedByUserId: v.string(),
  invitedByName: v.union(v.string(), v.null()),
  createdAt: v.number(),
  expiresAt: v.number(),
  status: v.union(v.literal('pending'), v.literal('accepted'), v.literal('declined'), v.literal('revoked'), v.literal('expired')),
})

/** Which invitation an invitee answers: by the invite link's token hash, or by id. */
export const invitationRefValidator = v.union(v.object({ tokenHash: v.string() }), v.object({ invitationId: v.string() }))

// Local part, then domain labels separated by dots: no two quantifiers can trade characters.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/
const TOKEN_HASH = /^[0-9a-f]{64}$/

export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase()
  if (normalized.length > TEXT_LIMITS.email || !EMAIL.test(normalized)) validation('Enter a valid email address')
  return normalized
}

/** Whether the text can be an invite token's hash at all (64 hex digits). */
export function isTokenHash(tokenHash: string): boolean {
  return TOKEN_HASH.test(tokenHash)
}

export function checkTokenHash(tokenHash: string): string {
  if (!TOKEN_HASH.test(tokenHash)) validation('tokenHash must be the SHA-256 of the invite token, in hex')
  return tokenHash
}

/** `expired` is derived: a pending invitation whose expiry has passed by the deployment's clock. */
export function statusOf(invitation: Doc<'invitations'>, now: number): Infer<typeof invitationRecordValidator>['status'] {
  return invitation.status === 'pending' && invitation.expiresAt <= now ? 'expired' : invitation.status
}

export async function toInvitationRecord(
  ctx: QueryCtx,
  invitation: Doc<'invitations'>,
  now: number,
): Promise<Infer<typeof invitationRecordValidator>> {
  const workspace = await ctx.db.get('workspaces', invitation.workspaceId)
  const inviter = await ctx.db.get('users', invitation.invitedByUserId)
  return {
    id: invitation._id,
    workspaceId: invitation.workspaceId,
    workspaceName: workspace?.name ?? '',
    email: invitation.email,
    role: invitation.role,
    invitedByUserId: invitation.invitedByUserId,
    invitedByName: inviter?.displayName ?? inviter?.email ?? null,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    status: statusOf(invitation, now),
  }
}

/** Refuses to answer an invitation that is no longer pending, with a sentence the invitee can act on. */
export function assertAnswerable(invitation: Doc<'invitations'>, now: number): void {
  const status = statusOf(invitation, now)
  if (status === 'expired') fail('CONFLICT', 'This invitation has expired: ask for a new one')
  if (status === 'revoked') fail('CONFLICT', 'This invitation was withdrawn')
  if (status !== 'pending') fail('CONFLICT', `This invitation was already ${status}`)
}
