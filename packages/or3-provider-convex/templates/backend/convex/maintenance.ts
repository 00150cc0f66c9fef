import { v } from 'convex/values'
import { internal } from './_generated/api'
import { internalMutation } from './_generated/server'
import { cleanupJobs } from './lib/job-cleanup'
import { readSettings } from './lib/settings'
import { sweepOrphanedUploads } from './lib/upload-sweep'
import { purgeRemovedWorkspace } from './lib/workspace-purge'

// Housekeeping the deployment runs on its own (`crons.ts`), with the settings the OR3 server
// configured. Each call does one bounded batch; with `continueUntilDone` (as the crons call it)
// it schedules itself again while work is left.

const taskResult = v.object({ count: v.number(), hasMore: v.boolean() })
const taskArgs = { continueUntilDone: v.optional(v.boolean()) }

export const purgeRemovedWorkspaces = internalMutation({
  args: taskArgs,
  returns: taskResult,
  handler: async (ctx, { continueUntilDone }) => {
    const { workspaceRetentionMs } = await readSettings(ctx)
    const { purged, hasMore } = await purgeRemovedWorkspace(ctx, Date.now(), workspaceRetentionMs)
    if (hasMore && continueUntilDone) await ctx.scheduler.runAfter(0, internal.maintenance.purgeRemovedWorkspaces, { continueUntilDone })
    return { count: purged, hasMore }
  },
})

export const purgeRateLimits = internalMutation({
  args: taskArgs,
  returns: taskResult,
  handler: async (ctx, { continueUntilDone }) => {
    const ended = await ctx.db
      .query('rateLimits')
      .withIndex('by_reset', (q) => q.lte('resetAt', Date.now()))
      .take(1000)
    for (const window of ended) await ctx.db.delete('rateLimits', window._id)
    const hasMore = ended.length === 1000
    if (hasMore && continueUntilDone) await ctx.scheduler.runAfter(0, internal.maintenance.purgeRateLimits, { continueUntilDone })
    return { count: ended.length, hasMore }
  },
})

export const cleanupExpiredJobs = internalMutation({
  args: taskArgs,
  returns: taskResult,
  handler: async (ctx, { continueUntilDone }) => {
    const { jobRetentionMs, jobTimeoutMs } = await readSettings(ctx)
    const result = await cleanupJobs(ctx, Date.now(), jobRetentionMs, jobTimeoutMs)
    if (result.hasMore && continueUntilDone) await ctx.scheduler.runAfter(0, internal.maintenance.cleanupExpiredJobs, { continueUntilDone })
    return result
  },
})

export const sweepStorage = internalMutation({
  args: taskArgs,
  returns: taskResult,
  handler: async (ctx, { continueUntilDone }) => {
    const { uploadGraceMs } = await readSettings(ctx)
    const { removed, hasMore } = await sweepOrphanedUploads(ctx, Date.now(), uploadGraceMs)
    if (hasMore && continueUntilDone) await ctx.scheduler.runAfter(0, internal.maintenance.sweepStorage, { continueUntilDone })
    return { count: removed, hasMore }
  },
})
