import type { InvitationRef, Invitee } from '../contracts/server.ts'
import { ProviderError } from '../errors.ts'
import type { WorkspaceRole } from '../schemas/common.ts'
import type { InvitationStatus } from '../schemas/workspaces.ts'

// The WorkspaceStore invariants as plain checks, so every provider refuses the same things with
// the same sentences. Stores call them inside their write transaction.

const ROLE_RANK: Record<WorkspaceRole, number> = { viewer: 0, editor: 1, owner: 2 }

/** The role that grants more; accepting an invitation never lowers a member's role. */
export function higherRole(a: WorkspaceRole, b: WorkspaceRole): WorkspaceRole {
  return ROLE_RANK[a] >= ROLE_RANK[b] ? a : b
}

/** Trimmed, lower case: how invitations store and compare emails. */
export function normalizeInvitationEmail(email: string): string {
  return email.trim().toLowerCase()
}

export interface MemberChange {
  workspace: { isPersonal: boolean; ownerUserId: string }
  userId: string
  /** The member's role now; null when they are not a member. */
  currentRole: WorkspaceRole | null
  /** null removes the member. */
  nextRole: WorkspaceRole | null
  /** Owners of the workspace other than `userId`. */
  otherOwners: number
}

/** Refuses a role change or removal that breaks an ownership invariant. */
export function assertMemberChangeAllowed(change: MemberChange): void {
  if (change.currentRole === null) {
    throw new ProviderError('NOT_FOUND', 'That person is not a member of this workspace: invite them instead')
  }
  if (change.nextRole === 'owner') return
  if (change.workspace.isPersonal && change.userId === change.workspace.ownerUserId) {
    throw new ProviderError(
      'CONFLICT',
      "This is that member's personal workspace: its owner can't be removed or given another role",
    )
  }
  if (change.currentRole === 'owner' && change.otherOwners === 0) {
    throw new ProviderError('CONFLICT', 'A workspace needs an owner: make another member owner first')
  }
}

export function assertWorkspaceRemovable(workspace: { isPersonal: boolean }): void {
  if (workspace.isPersonal) {
    throw new ProviderError('CONFLICT', "A personal workspace can't be deleted; delete its chats instead")
  }
}

/** What a stored invitation is now: a pending one past its expiry has expired. */
export function invitationStatusAt(
  stored: Exclude<InvitationStatus, 'expired'>,
  expiresAt: number,
  now: number,
): InvitationStatus {
  return stored === 'pending' && expiresAt <= now ? 'expired' : stored
}

const CLOSED_INVITATION: Record<Exclude<InvitationStatus, 'pending'>, string> = {
  accepted: 'This invitation has already been accepted',
  declined: 'This invitation was declined: ask the workspace owner for a new one',
  revoked: 'This invitation was withdrawn by the workspace owner',
  expired: 'This invitation has expired: ask the workspace owner for a new one',
}

/** Refuses to answer an invitation that is no longer pending. */
export function assertInvitationPending(status: InvitationStatus): void {
  if (status !== 'pending') throw new ProviderError('CONFLICT', CLOSED_INVITATION[status])
}

/** Revoking needs an unanswered invitation; revoking a revoked or expired one is harmless. */
export function assertInvitationRevocable(stored: Exclude<InvitationStatus, 'expired'>): void {
  if (stored === 'accepted') {
    throw new ProviderError('CONFLICT', 'This invitation was already accepted: remove the member instead')
  }
  if (stored === 'declined') throw new ProviderError('CONFLICT', 'This invitation was already declined')
}

/** An invitation accepted after its inviter lost the owner role would grant more than they can. */
export function assertInviterStillOwner(inviterRole: WorkspaceRole | null): void {
  if (inviterRole !== 'owner') {
    throw new ProviderError(
      'CONFLICT',
      'The person who invited you no longer manages this workspace: ask one of its owners for a new invitation',
    )
  }
}

export function invitationNotFound(ref: InvitationRef): ProviderError {
  return new ProviderError(
    'NOT_FOUND',
    'tokenHash' in ref
      ? 'This invite link is not valid: ask the workspace owner for a new one'
      : 'There is no such invitation for your account',
  )
}

export function invitationWorkspaceGone(): ProviderError {
  return new ProviderError('NOT_FOUND', 'The workspace of this invitation no longer exists')
}

/**
 * Whether `invitee` may answer an invitation to `email` through `ref`. A link's token is the
 * credential itself; by id, only a verified email that is the invited one matches (a sign-in
 * provider that does not verify emails would let anyone claim any address).
 */
export function inviteeMatches(ref: InvitationRef, email: string, invitee: Invitee): boolean {
  if ('tokenHash' in ref) return true
  return invitee.emailVerified === true && invitee.email !== undefined && normalizeInvitationEmail(invitee.email) === email
}

/** The email a verified invitee's pending invitations are listed by; null when unverified. */
export function verifiedInviteeEmail(invitee: Invitee): string | null {
  return invitee.emailVerified === true && invitee.email ? normalizeInvitationEmail(invitee.email) : null
}
