import { v, type Infer } from 'convex/values'
import type { Doc, Id } from './_generated/dataModel'
import { mutation, type MutationCtx, query, type QueryCtx } from './_generated/server'
import { findLiveWorkspace, findMembership, requireManagedWorkspace, roleAtLeast } from './lib/access'
import { fail } from './lib/errors'
import { requireIdentity, requireUser, resolveCaller } from './lib/identity'
import {
  assertAnswerable,
  checkTokenHash,
  invitationRecordValidator,
  invitationRefValidator,
  isTokenHash,
  normalizeEmail,
  toInvitationRecord,
} from './lib/invitation-records'
import { membershipRecordValidator, toMembershipRecord } from './lib/records'
import { roleValidator } from './lib/validators'

// Members join a workspace only by accepting an invitation. The invite link carries a secret
// token; only its SHA-256 (`tokenHash`) is stored here.

/**
 * Invites an email to a live workspace: its owners, as themselves (or the OR3 server naming an
 * owner as the inviter). An earlier pending invitation of that email is revoked: one link each.
 */
export const create = mutation({
  args: {
    workspaceId: v.string(),
    email: v.string(),
    role: roleValidator,
    tokenHash: v.string(),
    expiresAt: v.number(),
    invitedByUserId: v.optional(v.string()),
  },
  returns: invitationRecordValidator,
  handler: async (ctx, args) => {
    const caller = await resolveCaller(ctx)
    const workspace = await requireManagedWorkspace(ctx, caller, args.workspaceId, 'owner')
    const inviter = caller.kind === 'user' ? caller.user._id : ctx.db.normalizeId('users', args.invitedByUserId ?? '')
    if (caller.kind === 'user' && args.invitedByUserId !== undefined && args.invitedByUserId !== caller.user._id) {
      fail('FORBIDDEN', 'You can only send invitations as yourself')
    }
    if (inviter === null || (await findMembership(ctx, workspace._id, inviter))?.role !== 'owner') {
      fail('FORBIDDEN', 'Only an owner of the workspace can invite')
    }
    const email = normalizeEmail(args.email)
    const tokenHash = checkTokenHash(args.tokenHash)
    const now = Date.now()
    if (!Number.isFinite(args.expiresAt) || args.expiresAt <= now) fail('VALIDATION', 'expiresAt must be in the future')
    const earlier = await ctx.db
      .query('invitations')
      .withIndex('by_email_status', (q) => q.eq('email', email).eq('status', 'pending'))
      .collect()
    for (const invitation of earlier) {
      if (invitation.workspaceId === workspace._id) {
        await ctx.db.patch('invitations', invitation._id, { status: 'revoked', answeredAt: now })
      }
    }
    const id = await ctx.db.insert('invitations', {
      workspaceId: workspace._id,
      email,
      role: args.role,
      invitedByUserId: inviter,
      tokenHash,
      status: 'pending',
      createdAt: now,
      expiresAt: args.expiresAt,
      answeredAt: null,
    })
    return await toInvitationRecord(ctx, (await ctx.db.get('invitations', id))!, now)
  },
})

/** Invitations of a live workspace nobody answered yet (pending or expired), oldest first. */
export const listForWorkspace = query({
  args: { workspaceId: v.string() },
  returns: v.array(invitationRecordValidator),
  handler: async (ctx, { workspaceId }) => {
    const workspace = await requireManagedWorkspace(ctx, await resolveCaller(ctx), workspaceId, 'owner')
    const pending = await ctx.db
      .query('invitations')
      .withIndex('by_workspace_status', (q) => q.eq('workspaceId', workspace._id).eq('status', 'pending'))
      .collect()
    const now = Date.now()
    return await Promise.all(pending.map((invitation) => toInvitationRecord(ctx, invitation, now)))
  },
})

/** The email the caller's sign-in provider vouches for now, or null when it is not verified. */
async function verifiedEmailOf(ctx: QueryCtx): Promise<string | null> {
  const identity = await requireIdentity(ctx)
  if (identity.emailVerified !== true || identity.email === undefined) return null
  return identity.email.trim().toLowerCase()
}

/** Pending, unexpired invitations of live workspaces to the caller's verified email. */
export const listMine = query({
  args: {},
  returns: v.array(invitationRecordValidator),
  handler: async (ctx) => {
    await requireUser(ctx)
    const email = await verifiedEmailOf(ctx)
    if (email === null) return []
    const now = Date.now()
    const pending = await ctx.db
      .query('invitations')
      .withIndex('by_email_status', (q) => q.eq('email', email).eq('status', 'pending'))
      .collect()
    const records = []
    for (const invitation of pending) {
      if (invitation.expiresAt > now && (await findLiveWorkspace(ctx, invitation.workspaceId)) !== null) {
        records.push(await toInvitationRecord(ctx, invitation, now))
      }
    }
    return records
  },
})

/** What an invite link offers, whatever its status; null when it names no invitation. */
export const findByTokenHash = query({
  args: { tokenHash: v.string() },
  returns: v.union(invitationRecordValidator, v.null()),
  handler: async (ctx, { tokenHash }) => {
    await resolveCaller(ctx)
    // Anything but a hash (the raw token, say) names no invitation: null, as for an unknown one.
    if (!isTokenHash(tokenHash)) return null
    const invitation = await findByToken(ctx, tokenHash)
    return invitation === null ? null : await toInvitationRecord(ctx, invitation, Date.now())
  },
})

type InvitationRef = Infer<typeof invitationRefValidator>

async function findByToken(ctx: QueryCtx, tokenHash: string): Promise<Doc<'invitations'> | null> {
  return await ctx.db
    .query('invitations')
    .withIndex('by_token_hash', (q) => q.eq('tokenHash', checkTokenHash(tokenHash)))
    .unique()
}

async function findForInvitee(ctx: QueryCtx, invitationId: string): Promise<Doc<'invitations'> | null> {
  const id = ctx.db.normalizeId('invitations', invitationId)
  const found = id === null ? null : await ctx.db.get('invitations', id)
  return found !== null && found.email === (await verifiedEmailOf(ctx)) ? found : null
}

/**
 * The invitation the caller may answer: by the link's token hash (whoever holds the link), or
 * by id only when the caller's verified email is the invited one. NOT_FOUND otherwise, and
 * when its workspace is gone.
 */
async function invitationFor(ctx: MutationCtx, ref: InvitationRef): Promise<{ invitation: Doc<'invitations'>; workspace: Doc<'workspaces'> }> {
  const invitation = 'tokenHash' in ref ? await findByToken(ctx, ref.tokenHash) : await findForInvitee(ctx, ref.invitationId)
  const workspace = invitation === null ? null : await findLiveWorkspace(ctx, invitation.workspaceId)
  if (invitation === null || workspace === null) fail('NOT_FOUND', 'There is no such invitation for you')
  return { invitation, workspace }
}

/**
 * Turns a pending, unexpired invitation into a membership, atomically, keeping a higher role the
 * caller already has. Refused once answered, revoked or expired, or when its inviter is no
 * longer an owner.
 */
export const accept = mutation({
  args: { ref: invitationRefValidator },
  returns: membershipRecordValidator,
  handler: async (ctx, { ref }) => {
    const user = await requireUser(ctx)
    const { invitation, workspace } = await invitationFor(ctx, ref)
    const now = Date.now()
    assertAnswerable(invitation, now)
    if ((await findMembership(ctx, workspace._id, invitation.invitedByUserId))?.role !== 'owner') {
      fail('CONFLICT', 'The person who invited you is no longer an owner of this workspace: ask an owner for a new invitation')
    }
    const membership = await joinWith(ctx, workspace._id, user._id, invitation.role, now)
    await ctx.db.patch('invitations', invitation._id, { status: 'accepted', answeredAt: now })
    return toMembershipRecord(workspace, membership)
  },
})

async function joinWith(ctx: MutationCtx, workspaceId: Id<'workspaces'>, userId: Id<'users'>, role: Doc<'memberships'>['role'], now: number) {
  const existing = await findMembership(ctx, workspaceId, userId)
  if (existing !== null) {
    if (roleAtLeast(existing.role, role)) return existing
    await ctx.db.patch('memberships', existing._id, { role })
    return { ...existing, role }
  }
  const id = await ctx.db.insert('memberships', { workspaceId, userId, role, createdAt: now })
  return (await ctx.db.get('memberships', id))!
}

export const decline = mutation({
  args: { ref: invitationRefValidator },
  returns: v.null(),
  handler: async (ctx, { ref }) => {
    await requireUser(ctx)
    const { invitation } = await invitationFor(ctx, ref)
    const now = Date.now()
    assertAnswerable(invitation, now)
    await ctx.db.patch('invitations', invitation._id, { status: 'declined', answeredAt: now })
    return null
  },
})

/** Withdraws an unanswered invitation of the workspace; revoking it again changes nothing. */
export const revoke = mutation({
  args: { workspaceId: v.string(), invitationId: v.string() },
  returns: v.null(),
  handler: async (ctx, args) => {
    const workspace = await requireManagedWorkspace(ctx, await resolveCaller(ctx), args.workspaceId, 'owner')
    const id = ctx.db.normalizeId('invitations', args.invitationId)
    const invitation = id === null ? null : await ctx.db.get('invitations', id)
    if (invitation === null || invitation.workspaceId !== workspace._id) fail('NOT_FOUND', 'No such invitation in this workspace')
    if (invitation.status === 'revoked') return null
    if (invitation.status !== 'pending') fail('CONFLICT', `This invitation was already ${invitation.status}`)
    await ctx.db.patch('invitations', invitation._id, { status: 'revoked', answeredAt: Date.now() })
    return null
  },
})
