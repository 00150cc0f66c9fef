import type { Database } from 'bun:sqlite'
import type { CreateInvitationInput, InvitationRef, Invitee, MembershipRecord } from 'or3-provider-kit'
import {
  assertInvitationPending,
  assertInvitationRevocable,
  assertInviterStillOwner,
  higherRole,
  invitationNotFound,
  invitationStatusAt,
  invitationWorkspaceGone,
  inviteeMatches,
  ProviderError,
  verifiedInviteeEmail,
} from 'or3-provider-kit'
import type { WorkspaceStoreImplementation } from 'or3-provider-kit/server'
import type { WorkspaceQueries } from './workspace-queries'
import { toInvitation, toMembership, type InvitationRow } from './workspace-rows'

type InvitationMethods = Pick<
  WorkspaceStoreImplementation,
  | 'createInvitation'
  | 'listInvitations'
  | 'listInvitationsFor'
  | 'findInvitationByTokenHash'
  | 'acceptInvitation'
  | 'declineInvitation'
  | 'revokeInvitation'
>

/** Invitations in SQLite. Answering one checks and writes in one IMMEDIATE transaction. */
export function createSqliteInvitations(db: Database, sql: WorkspaceQueries, now: () => number): InvitationMethods {
  const find = (ref: InvitationRef): InvitationRow | null =>
    ('tokenHash' in ref ? sql.invitationByTokenHash.get(ref.tokenHash) : sql.invitationById.get(ref.invitationId)) ?? null

  /** The pending invitation `ref` names for `invitee`, of a live workspace. */
  function openInvitation(ref: InvitationRef, invitee: Invitee): InvitationRow {
    const row = find(ref)
    if (!row || !inviteeMatches(ref, row.email, invitee)) throw invitationNotFound(ref)
    if (row.workspace_deleted_at !== null) throw invitationWorkspaceGone()
    assertInvitationPending(invitationStatusAt(row.status, row.expires_at, now()))
    return row
  }

  const create = db.transaction((input: CreateInvitationInput) => {
    if (!sql.liveWorkspace.get(input.workspaceId)) throw new ProviderError('NOT_FOUND', `No workspace ${input.workspaceId}`)
    if (!sql.userExists.get(input.invitedByUserId)) throw new ProviderError('NOT_FOUND', `No user ${input.invitedByUserId}`)
    const at = now()
    if (input.expiresAt <= at) throw new ProviderError('VALIDATION', 'An invitation must expire in the future')
    const id = crypto.randomUUID()
    sql.insertInvitation.run(id, input.workspaceId, input.email, input.role, input.invitedByUserId, input.tokenHash, at, input.expiresAt)
    return toInvitation(sql.invitationById.get(id)!, at)
  })

  const accept = db.transaction((ref: InvitationRef, invitee: Invitee): MembershipRecord => {
    const row = openInvitation(ref, invitee)
    assertInviterStillOwner(sql.membership.get(row.workspace_id, row.invited_by_user_id)?.role ?? null)
    if (!sql.userExists.get(invitee.userId)) throw new ProviderError('NOT_FOUND', `No user ${invitee.userId}`)
    const at = now()
    const current = sql.membership.get(row.workspace_id, invitee.userId)?.role
    sql.upsertMembership.run(row.workspace_id, invitee.userId, current ? higherRole(current, row.role) : row.role, at)
    sql.answerInvitation.run(row.id, 'accepted', at, invitee.userId)
    return toMembership(sql.membership.get(row.workspace_id, invitee.userId)!)
  })

  const decline = db.transaction((ref: InvitationRef, invitee: Invitee) => {
    const row = openInvitation(ref, invitee)
    sql.answerInvitation.run(row.id, 'declined', now(), invitee.userId)
  })

  const revoke = db.transaction((workspaceId: string, invitationId: string) => {
    const row = sql.invitationById.get(invitationId)
    if (!row || row.workspace_id !== workspaceId || row.workspace_deleted_at !== null) {
      throw new ProviderError('NOT_FOUND', 'There is no such invitation in this workspace')
    }
    assertInvitationRevocable(row.status)
    sql.answerInvitation.run(row.id, 'revoked', now(), null)
  })

  return {
    createInvitation: (input) => create.immediate(input),
    listInvitations(workspaceId) {
      if (!sql.liveWorkspace.get(workspaceId)) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
      const at = now()
      return sql.unansweredInvitations.all(workspaceId).map((row) => toInvitation(row, at))
    },
    listInvitationsFor(invitee) {
      const email = verifiedInviteeEmail(invitee)
      if (email === null) return []
      const at = now()
      return sql.pendingInvitationsForEmail.all(email, at).map((row) => toInvitation(row, at))
    },
    findInvitationByTokenHash(tokenHash) {
      const row = sql.invitationByTokenHash.get(tokenHash)
      return row ? toInvitation(row, now()) : null
    },
    acceptInvitation: (ref, invitee) => accept.immediate(ref, invitee),
    declineInvitation: (ref, invitee) => decline.immediate(ref, invitee),
    revokeInvitation: (workspaceId, invitationId) => revoke.immediate(workspaceId, invitationId),
  }
}
