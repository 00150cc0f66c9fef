import type { UserIdentity } from 'convex/server'
import type { Doc } from '../_generated/dataModel'
import type { QueryCtx } from '../_generated/server'
import { fail } from './errors'
import { SERVER_SUBJECT } from './protocol'

export type Caller = { kind: 'user'; user: Doc<'users'> } | { kind: 'server' }

export function isServerIdentity(identity: UserIdentity): boolean {
  const issuer = process.env.OR3_JWT_ISSUER
  return issuer !== undefined && issuer !== '' && identity.issuer === issuer && identity.subject === SERVER_SUBJECT
}

export async function requireIdentity(ctx: QueryCtx): Promise<UserIdentity> {
  const identity = await ctx.auth.getUserIdentity()
  if (identity === null) fail('UNAUTHENTICATED', 'Sign in again: this request carried no valid token')
  return identity
}

/** The user behind a verified token, or null when that identity has not been registered yet. */
export async function findUser(ctx: QueryCtx, identity: UserIdentity): Promise<Doc<'users'> | null> {
  return await ctx.db
    .query('users')
    .withIndex('by_token', (q) => q.eq('tokenIdentifier', identity.tokenIdentifier))
    .unique()
}

/** Who calls: a registered user, or the OR3 server. Anyone else is refused. */
export async function resolveCaller(ctx: QueryCtx): Promise<Caller> {
  const identity = await requireIdentity(ctx)
  if (isServerIdentity(identity)) return { kind: 'server' }
  const user = await findUser(ctx, identity)
  if (user === null) fail('UNAUTHENTICATED', 'This account is not registered yet: sign in again')
  return { kind: 'user', user }
}

export async function requireUser(ctx: QueryCtx): Promise<Doc<'users'>> {
  const caller = await resolveCaller(ctx)
  if (caller.kind === 'server') fail('FORBIDDEN', 'The OR3 server identity cannot act as a user')
  return caller.user
}

/** Server-only operations: rate limits, jobs, notifications, GC and settings. */
export async function requireServer(ctx: QueryCtx): Promise<void> {
  const identity = await requireIdentity(ctx)
  if (!isServerIdentity(identity)) fail('FORBIDDEN', 'Only the OR3 server may call this function')
}
