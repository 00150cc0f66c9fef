import type { Database } from 'bun:sqlite'
import type { InvitationRef, Invitee, MembershipRecord, WorkspaceStore } from 'or3-provider-kit'
import {
  assertInvitationPending,
  assertInvitationRevocable,
  assertInviterStillOwner,
  higherRole,
  invitationEmailSchema,
  invitationNotFound,
  invitationStatusAt,
  invitationWorkspaceGone,
  inviteeMatches,
  parseWire,
  ProviderError,
  verifiedInviteeEmail,
  workspaceIdSchema,
  workspaceRoleSchema,
} from 'or3-provider-kit'
import { z } from 'zod'
import type { WorkspaceQueries } from './workspace-queries.js'
import { toInvitation, toMembership, type InvitationRow } from './workspace-rows.js'

type InvitationMethods = Pick<
  WorkspaceStore,
  | 'createInvitation'
  | 'listInvitations'
  | 'listInvitationsFor'
  | 'findInvitationByTokenHash'
  | 'acceptInvitation'
  | 'declineInvitation'
  | 'revokeInvitation'
>

const idSchema = z.string().min(1).max(128)
const createSchema = z.object({
  workspaceId: workspaceIdSchema,
  email: invitationEmailSchema,
  role: workspaceRoleSchema,
  invitedByUserId: idSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'tokenHash must be the hex SHA-256 of the link token'),
  expiresAt: z.number().int().positive(),
})
const inviteeSchema = z.object({
  userId: idSchema,
  email: z.string().max(320).optional(),
  emailVerified: z.boolean().optional(),
})
const refSchema = z.union([z.object({ tokenHash: z.string().min(1).max(128) }), z.object({ invitationId: idSchema })])

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

  const create = db.transaction((input: z.output<typeof createSchema>) => {
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

  const parseInvitee = (invitee: Invitee) => parseWire(inviteeSchema, invitee, 'invitee')
  const parseRef = (ref: InvitationRef) => parseWire(refSchema, ref, 'invitation') as InvitationRef

  return {
    async createInvitation(input) {
      return create.immediate(parseWire(createSchema, input, 'invitation'))
    },
    async listInvitations(workspaceId) {
      if (!sql.liveWorkspace.get(workspaceId)) throw new ProviderError('NOT_FOUND', `No workspace ${workspaceId}`)
      const at = now()
      return sql.unansweredInvitations.all(workspaceId).map((row) => toInvitation(row, at))
    },
    async listInvitationsFor(invitee) {
      const email = verifiedInviteeEmail(parseInvitee(invitee))
      if (email === null) return []
      const at = now()
      return sql.pendingInvitationsForEmail.all(email, at).map((row) => toInvitation(row, at))
    },
    async findInvitationByTokenHash(tokenHash) {
      const row = sql.invitationByTokenHash.get(tokenHash)
      return row ? toInvitation(row, now()) : null
    },
    async acceptInvitation(ref, invitee) {
      return accept.immediate(parseRef(ref), parseInvitee(invitee))
    },
    async declineInvitation(ref, invitee) {
      decline.immediate(parseRef(ref), parseInvitee(invitee))
    },
    async revokeInvitation(workspaceId, invitationId) {
      revoke.immediate(workspaceId, invitationId)
    },
  }
}
