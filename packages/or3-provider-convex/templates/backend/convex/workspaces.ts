import { v } from 'convex/values'
import type { Doc, Id } from './_generated/dataModel'
import { mutation, type MutationCtx, query } from './_generated/server'
import { findLiveWorkspace, findMembership, requireManagedWorkspace, roleIn } from './lib/access'
import { fail } from './lib/errors'
import { requireUser, resolveCaller } from './lib/identity'
import { membershipRecordValidator, toMembershipRecord, toWorkspaceRecord, workspaceRecordValidator } from './lib/records'
import { checkWorkspaceDescription, checkWorkspaceName, PERSONAL_WORKSPACE_NAME } from './lib/workspace-input'
import { roleValidator } from './lib/validators'

async function insertWorkspaceWithOwner(
  ctx: MutationCtx,
  userId: Id<'users'>,
  input: { name: string; description: string | null; isPersonal: boolean },
) {
  const now = Date.now()
  const workspaceId = await ctx.db.insert('workspaces', {
    ...input,
    ownerUserId: userId,
    createdAt: now,
    updatedAt: now,
    removedAt: null,
  })
  const membershipId = await ctx.db.insert('memberships', { workspaceId, userId, role: 'owner', createdAt: now })
  return toMembershipRecord((await ctx.db.get('workspaces', workspaceId))!, (await ctx.db.get('memberships', membershipId))!)
}

/**
 * The caller's one personal workspace, created when missing; the owner's membership is restored
 * if it was ever lost. Two first calls read the same empty index range, so one commits and the
 * other is retried and finds it.
 */
export const ensurePersonal = mutation({
  args: {},
  returns: membershipRecordValidator,
  handler: async (ctx) => {
    const user = await requireUser(ctx)
    const personal = await ctx.db
      .query('workspaces')
      .withIndex('by_owner', (q) => q.eq('ownerUserId', user._id).eq('isPersonal', true).eq('removedAt', null))
      .first()
    if (personal === null) {
      return await insertWorkspaceWithOwner(ctx, user._id, { name: PERSONAL_WORKSPACE_NAME, description: null, isPersonal: true })
    }
    const membership = await findMembership(ctx, personal._id, user._id)
    if (membership?.role === 'owner') return toMembershipRecord(personal, membership)
    if (membership !== null) {
      await ctx.db.patch('memberships', membership._id, { role: 'owner' })
      return toMembershipRecord(personal, { ...membership, role: 'owner' })
    }
    const restored = { workspaceId: personal._id, userId: user._id, role: 'owner' as const, createdAt: Date.now() }
    const restoredId = await ctx.db.insert('memberships', restored)
    return toMembershipRecord(personal, (await ctx.db.get('memberships', restoredId))!)
  },
})

/** The caller's live workspaces, oldest first. */
export const list = query({
  args: {},
  returns: v.array(membershipRecordValidator),
  handler: async (ctx) => {
    const user = await requireUser(ctx)
    const memberships = await ctx.db
      .query('memberships')
      .withIndex('by_user', (q) => q.eq('userId', user._id))
      .collect()
    const listed: { workspace: Doc<'workspaces'>; membership: Doc<'memberships'> }[] = []
    for (const membership of memberships) {
      const workspace = await ctx.db.get('workspaces', membership.workspaceId)
      if (workspace !== null && workspace.removedAt === null) listed.push({ workspace, membership })
    }
    listed.sort((a, b) => a.workspace.createdAt - b.workspace.createdAt || a.workspace._creationTime - b.workspace._creationTime)
    return listed.map(({ workspace, membership }) => toMembershipRecord(workspace, membership))
  },
})

export const create = mutation({
  args: { name: v.string(), description: v.optional(v.string()) },
  returns: membershipRecordValidator,
  handler: async (ctx, args) => {
    const user = await requireUser(ctx)
    const name = checkWorkspaceName(args.name)
    const description = args.description === undefined ? null : checkWorkspaceDescription(args.description)
    return await insertWorkspaceWithOwner(ctx, user._id, { name, description, isPersonal: false })
  },
})

/** Renames or describes a workspace: its owners (or the OR3 server). `null` clears the description. */
export const update = mutation({
  args: {
    workspaceId: v.string(),
    name: v.optional(v.string()),
    description: v.optional(v.union(v.string(), v.null())),
  },
  returns: workspaceRecordValidator,
  handler: async (ctx, args) => {
    const workspace = await requireManagedWorkspace(ctx, await resolveCaller(ctx), args.workspaceId, 'owner')
    if (args.name === undefined && args.description === undefined) fail('VALIDATION', 'give a name or a description to change')
    const patch = {
      ...(args.name !== undefined ? { name: checkWorkspaceName(args.name) } : {}),
      ...(args.description !== undefined
        ? { description: args.description === null ? null : checkWorkspaceDescription(args.description) }
        : {}),
      updatedAt: Math.max(Date.now(), workspace.updatedAt + 1),
    }
    await ctx.db.patch('workspaces', workspace._id, patch)
    return toWorkspaceRecord({ ...workspace, ...patch })
  },
})

/**
 * Hides a workspace from every member at once; `maintenance` purges its data once the removal is
 * older than the workspace retention. A personal workspace is never removed.
 */
export const remove = mutation({
  args: { workspaceId: v.string() },
  returns: v.null(),
  handler: async (ctx, { workspaceId }) => {
    const workspace = await requireManagedWorkspace(ctx, await resolveCaller(ctx), workspaceId, 'owner')
    if (workspace.isPersonal) fail('CONFLICT', "A personal workspace can't be removed")
    const now = Date.now()
    await ctx.db.patch('workspaces', workspace._id, { removedAt: now, updatedAt: now })
    return null
  },
})

/** The caller's own role; the OR3 server may ask for any user's. null: not a member, or gone. */
export const getRole = query({
  args: { workspaceId: v.string(), userId: v.optional(v.string()) },
  returns: v.union(roleValidator, v.null()),
  handler: async (ctx, args) => {
    const caller = await resolveCaller(ctx)
    if (caller.kind === 'user') {
      if (args.userId !== undefined && args.userId !== caller.user._id) fail('FORBIDDEN', 'You can only look up your own role')
      return await roleIn(ctx, caller.user._id, args.workspaceId)
    }
    if (args.userId === undefined) fail('VALIDATION', 'userId is required when the OR3 server asks')
    const userId = ctx.db.normalizeId('users', args.userId)
    return userId === null ? null : await roleIn(ctx, userId, args.workspaceId)
  },
})

/** The caller's active workspace: null unless it is live and the caller still a member. */
export const getActive = query({
  args: {},
  returns: v.union(v.string(), v.null()),
  handler: async (ctx) => {
    const user = await requireUser(ctx)
    const active = await ctx.db
      .query('activeWorkspaces')
      .withIndex('by_user', (q) => q.eq('userId', user._id))
      .unique()
    if (active === null) return null
    return (await roleIn(ctx, user._id, active.workspaceId)) === null ? null : active.workspaceId
  },
})

export const setActive = mutation({
  args: { workspaceId: v.string() },
  returns: v.null(),
  handler: async (ctx, args) => {
    const user = await requireUser(ctx)
    const workspace = await findLiveWorkspace(ctx, args.workspaceId)
    if (workspace === null || (await findMembership(ctx, workspace._id, user._id)) === null) {
      fail('NOT_FOUND', 'You are not a member of that workspace')
    }
    const active = await ctx.db
      .query('activeWorkspaces')
      .withIndex('by_user', (q) => q.eq('userId', user._id))
      .unique()
    const now = Date.now()
    if (active === null) await ctx.db.insert('activeWorkspaces', { userId: user._id, workspaceId: workspace._id, updatedAt: now })
    else await ctx.db.patch('activeWorkspaces', active._id, { workspaceId: workspace._id, updatedAt: now })
    return null
  },
})
