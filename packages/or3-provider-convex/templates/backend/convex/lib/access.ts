import type { Doc, Id } from '../_generated/dataModel'
import type { QueryCtx } from '../_generated/server'
import { fail } from './errors'
import type { Caller } from './identity'

export type Role = Doc<'memberships'>['role']

const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 }

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum]
}

export async function findMembership(
  ctx: QueryCtx,
  workspaceId: Id<'workspaces'>,
  userId: Id<'users'>,
): Promise<Doc<'memberships'> | null> {
  return await ctx.db
    .query('memberships')
    .withIndex('by_workspace_user', (q) => q.eq('workspaceId', workspaceId).eq('userId', userId))
    .unique()
}

/** A workspace that exists and was not removed. */
export async function findLiveWorkspace(ctx: QueryCtx, rawId: string): Promise<Doc<'workspaces'> | null> {
  const id = ctx.db.normalizeId('workspaces', rawId)
  const workspace = id === null ? null : await ctx.db.get('workspaces', id)
  return workspace !== null && workspace.removedAt === null ? workspace : null
}

/** The user's role in a live workspace; null for a non-member or a removed workspace. */
export async function roleIn(ctx: QueryCtx, userId: Id<'users'>, rawWorkspaceId: string): Promise<Role | null> {
  const workspace = await findLiveWorkspace(ctx, rawWorkspaceId)
  if (workspace === null) return null
  return (await findMembership(ctx, workspace._id, userId))?.role ?? null
}

/**
 * Authorizes the caller on the workspace named in the request, whatever the OR3 server already
 * checked. A non-member is refused the same way as a member without the role (forbidden, not
 * hidden). The OR3 server may act on any scope: it runs GC and writes notifications.
 */
export async function requireWorkspaceRole(
  ctx: QueryCtx,
  caller: Caller,
  rawWorkspaceId: string,
  minimum: Role,
): Promise<void> {
  if (caller.kind === 'server') return
  const role = await roleIn(ctx, caller.user._id, rawWorkspaceId)
  if (role === null) fail('FORBIDDEN', 'You are not a member of this workspace')
  if (!roleAtLeast(role, minimum)) fail('FORBIDDEN', `This needs the ${minimum} role in this workspace; you are ${role}`)
}

/**
 * The live workspace a management call names, with the caller allowed `minimum` on it. The
 * server gets NOT_FOUND for a workspace that is gone; a user gets FORBIDDEN, as for any
 * workspace they are not a member of.
 */
export async function requireManagedWorkspace(
  ctx: QueryCtx,
  caller: Caller,
  rawWorkspaceId: string,
  minimum: Role,
): Promise<Doc<'workspaces'>> {
  await requireWorkspaceRole(ctx, caller, rawWorkspaceId, minimum)
  const workspace = await findLiveWorkspace(ctx, rawWorkspaceId)
  if (workspace === null) fail('NOT_FOUND', `No workspace ${rawWorkspaceId}`)
  return workspace
}
