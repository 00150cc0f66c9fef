import type { InvitationRef, Invitee } from 'or3-provider-kit'
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
import type { PostgresDatabase } from './database'
import { workspaceQueries as q, type Queryable } from './workspace-queries'
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

type Write = <T>(work: (tx: Queryable) => Promise<T>) => Promise<T>

/** Invitations in PostgreSQL. Answering one checks and writes in one SERIALIZABLE transaction. */
export function createPostgresInvitations(write: Write, db: PostgresDatabase, now: () => number): InvitationMethods {
  const find = async (tx: Queryable, ref: InvitationRef): Promise<InvitationRow | null> =>
    ('tokenHash' in ref ? await q.invitationByTokenHash(tx, ref.tokenHash) : await q.invitationById(tx, ref.invitationId)) ?? null

  /** The pending invitation `ref` names for `invitee`, of a live workspace. */
  async function openInvitation(tx: Queryable, ref: InvitationRef, invitee: Invitee): Promise<InvitationRow> {
    const row = await find(tx, ref)
    if (!row || !inviteeMatches(ref, row.email, invitee)) throw invitationNotFound(ref)
    if (row.workspace_deleted_at !== null) throw invitationWorkspaceGone()
    assertInvitationPending(invitationStatusAt(row.status, row.expires_at, now()))
    return row
  }

  return {
    createInvitation: (input) =>
      write(async (tx) => {
        if (!(await q.liveWorkspace(tx, input.workspaceId))) throw new ProviderError('NOT_FOUND', `No workspace ${input.workspaceId}`)
        if (!(await q.userExists(tx, input.invitedByUserId))) throw new ProviderError('NOT_FOUND', `No user ${input.invitedByUserId}`)
        const at = now()
        if (input.expiresAt <= at) throw new ProviderError('VALIDATION', 'An invitation must expire in the future')
        const id = crypto.randomUUID()
        await q.insertInvitation(tx, id, input, at)
        return toInvitation((await q.invitationById(tx, id))!, at)
      }),

    async listInvitations(workspaceId) {
      const sql = await db.ready()
      if (!(await q.liveWorkspace(sql, workspaceId))) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
      const at = now()
      return (await q.unansweredInvitations(sql, workspaceId)).map((row) => toInvitation(row, at))
    },

    async listInvitationsFor(invitee) {
      const email = verifiedInviteeEmail(invitee)
      if (email === null) return []
      const at = now()
      return (await q.pendingInvitationsForEmail(await db.ready(), email, at)).map((row) => toInvitation(row, at))
    },

    async findInvitationByTokenHash(tokenHash) {
      const row = await q.invitationByTokenHash(await db.ready(), tokenHash)
      return row ? toInvitation(row, now()) : null
    },

    acceptInvitation: (ref, invitee) =>
      write(async (tx) => {
        const row = await openInvitation(tx, ref, invitee)
        assertInviterStillOwner((await q.membership(tx, row.workspace_id, row.invited_by_user_id))?.role ?? null)
        if (!(await q.userExists(tx, invitee.userId))) throw new ProviderError('NOT_FOUND', `No user ${invitee.userId}`)
        const at = now()
        const current = (await q.membership(tx, row.workspace_id, invitee.userId))?.role
        await q.upsertMembership(tx, row.workspace_id, invitee.userId, current ? higherRole(current, row.role) : row.role, at)
        await q.answerInvitation(tx, row.id, 'accepted', at, invitee.userId)
        return toMembership((await q.membership(tx, row.workspace_id, invitee.userId))!)
      }),

    declineInvitation: (ref, invitee) =>
      write(async (tx) => {
        const row = await openInvitation(tx, ref, invitee)
        await q.answerInvitation(tx, row.id, 'declined', now(), invitee.userId)
      }),

    revokeInvitation: (workspaceId, invitationId) =>
      write(async (tx) => {
        const row = await q.invitationById(tx, invitationId)
        if (!row || row.workspace_id !== workspaceId || row.workspace_deleted_at !== null) {
          throw new ProviderError('NOT_FOUND', 'There is no such invitation in this workspace')
        }
        assertInvitationRevocable(row.status)
        await q.answerInvitation(tx, row.id, 'revoked', now(), null)
      }),
  }
}
