import { v } from 'convex/values'
import type { Doc } from './_generated/dataModel'
import { mutation, type MutationCtx, query } from './_generated/server'
import { findMembership, requireManagedWorkspace } from './lib/access'
import { fail } from './lib/errors'
import { resolveCaller } from './lib/identity'
import { memberRecordValidator } from './lib/records'
import { roleValidator } from './lib/validators'

/**
 * Refuses a change that would break a workspace's ownership: the owner of a personal workspace
 * is never demoted or removed, and every workspace keeps at least one owner. Called inside the
 * changing mutation, so the owner count it reads cannot move before the write commits.
 */
async function assertOwnershipKept(
  ctx: MutationCtx,
  workspace: Doc<'workspaces'>,
  membership: Doc<'memberships'>,
  role: Doc<'memberships'>['role'] | null,
) {
  if (membership.role !== 'owner' || role === 'owner') return
  if (workspace.isPersonal && workspace.ownerUserId === membership.userId) {
    fail('CONFLICT', "The owner of a personal workspace can't be demoted or removed")
  }
  const owners = await ctx.db
    .query('memberships')
    .withIndex('by_workspace_user', (q) => q.eq('workspaceId', workspace._id))
    .filter((q) => q.eq(q.field('role'), 'owner'))
    .take(2)
  if (owners.length < 2) fail('CONFLICT', 'This workspace needs an owner: make another member owner first')
}

/**
 * Changes (`role`) or removes (`null`) an existing membership: the workspace's owners (or the
 * OR3 server). Members join by invitation, so a non-member is NOT_FOUND.
 */
export const setRole = mutation({
  args: { workspaceId: v.string(), userId: v.string(), role: v.union(roleValidator, v.null()) },
  returns: v.null(),
  handler: async (ctx, args) => {
    const workspace = await requireManagedWorkspace(ctx, await resolveCaller(ctx), args.workspaceId, 'owner')
    const userId = ctx.db.normalizeId('users', args.userId)
    const membership = userId === null ? null : await findMembership(ctx, workspace._id, userId)
    if (membership === null) fail('NOT_FOUND', 'That user is not a member of this workspace; invite them first')
    await assertOwnershipKept(ctx, workspace, membership, args.role)
    if (args.role === null) await ctx.db.delete('memberships', membership._id)
    else if (args.role !== membership.role) await ctx.db.patch('memberships', membership._id, { role: args.role })
    return null
  },
})

/** Members of a live workspace with their roles, oldest membership first. */
export const list = query({
  args: { workspaceId: v.string() },
  returns: v.array(memberRecordValidator),
  handler: async (ctx, { workspaceId }) => {
    const workspace = await requireManagedWorkspace(ctx, await resolveCaller(ctx), workspaceId, 'viewer')
    const memberships = await ctx.db
      .query('memberships')
      .withIndex('by_workspace_age', (q) => q.eq('workspaceId', workspace._id))
      .collect()
    const members = []
    for (const membership of memberships) {
      const user = await ctx.db.get('users', membership.userId)
      if (user === null) continue
      members.push({
        userId: user._id,
        ...(user.email !== undefined ? { email: user.email } : {}),
        ...(user.displayName !== undefined ? { displayName: user.displayName } : {}),
        role: membership.role,
      })
    }
    return members
  },
})
