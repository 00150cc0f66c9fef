import type { UserIdentity } from 'convex/server'
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { fail } from './lib/errors'
import { findUser, isServerIdentity, requireIdentity } from './lib/identity'
import { TEXT_LIMITS } from './lib/protocol'
import { toUserRecord, userRecordValidator } from './lib/records'

/** The profile the sign-in provider vouches for in the token: never taken from arguments. */
function profileOf(identity: UserIdentity) {
  const email = identity.email?.trim().slice(0, TEXT_LIMITS.email) || undefined
  const displayName =
    (identity.name ?? identity.nickname ?? identity.preferredUsername)?.trim().slice(0, TEXT_LIMITS.displayName) || undefined
  return {
    email,
    emailVerified: identity.emailVerified === true,
    displayName,
  }
}

/**
 * Maps the caller's verified token (`iss|sub`) to an OR3 user, creating it on first sight. Race
 * free: two first calls read the same empty index range, so Convex commits one and retries the
 * other, which then finds the user. The first user of the deployment is its admin.
 */
export const getOrCreate = mutation({
  args: {},
  returns: v.object({ user: userRecordValidator, created: v.boolean() }),
  handler: async (ctx) => {
    const identity = await requireIdentity(ctx)
    if (isServerIdentity(identity)) fail('FORBIDDEN', 'The OR3 server identity cannot act as a user')
    const profile = profileOf(identity)
    const existing = await findUser(ctx, identity)
    if (existing !== null) {
      const changed =
        existing.email !== profile.email ||
        existing.displayName !== profile.displayName ||
        existing.emailVerified !== profile.emailVerified
      if (!changed) return { user: toUserRecord(existing), created: false }
      await ctx.db.patch('users', existing._id, profile)
      return { user: toUserRecord({ ...existing, ...profile }), created: false }
    }
    const isAdmin = (await ctx.db.query('users').first()) === null
    const id = await ctx.db.insert('users', {
      tokenIdentifier: identity.tokenIdentifier,
      ...profile,
      isAdmin,
      createdAt: Date.now(),
    })
    return { user: toUserRecord((await ctx.db.get('users', id))!), created: true }
  },
})

/** The caller's user, or null before `getOrCreate`: known users resolve with reads alone. */
export const me = query({
  args: {},
  returns: v.union(userRecordValidator, v.null()),
  handler: async (ctx) => {
    const identity = await requireIdentity(ctx)
    if (isServerIdentity(identity)) fail('FORBIDDEN', 'The OR3 server identity cannot act as a user')
    const user = await findUser(ctx, identity)
    return user === null ? null : toUserRecord(user)
  },
})
