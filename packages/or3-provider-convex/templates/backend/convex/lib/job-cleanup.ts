import type { MutationCtx } from '../_generated/server'
import { checkCount } from './protocol'

/** Jobs per call, and output chunks deleted per job per call: a few thousand small documents at most. */
const JOBS_PER_CALL = 20
const CHUNKS_PER_CALL = 200
const ENDED_STATUSES = ['completed', 'failed', 'aborted'] as const

/**
 * Removes ended jobs (and their output) older than `olderThanMs`, and fails running jobs older
 * than `timeoutMs`, one bounded batch per call (`hasMore`: call again).
 */
export async function cleanupJobs(ctx: MutationCtx, now: number, olderThanMs: number, timeoutMs: number | undefined) {
  let count = 0
  let hasMore = false
  for (const status of ENDED_STATUSES) {
    const ended = await ctx.db
      .query('jobs')
      .withIndex('by_status_updated', (q) => q.eq('status', status).lte('updatedAt', now - olderThanMs))
      .take(JOBS_PER_CALL)
    hasMore ||= ended.length === JOBS_PER_CALL
    for (const job of ended) {
      const chunks = await ctx.db
        .query('jobChunks')
        .withIndex('by_job', (q) => q.eq('jobId', job._id))
        .take(CHUNKS_PER_CALL + 1)
      for (const chunk of chunks.slice(0, CHUNKS_PER_CALL)) await ctx.db.delete('jobChunks', chunk._id)
      // A long output takes several calls; the job goes with its last chunk.
      if (chunks.length > CHUNKS_PER_CALL) {
        hasMore = true
        continue
      }
      await ctx.db.delete('jobs', job._id)
      count += 1
    }
  }
  if (timeoutMs !== undefined) {
    const stuck = await ctx.db
      .query('jobs')
      .withIndex('by_status_created', (q) => q.eq('status', 'running').lte('createdAt', now - checkCount(timeoutMs, 'timeoutMs')))
      .take(JOBS_PER_CALL)
    hasMore ||= stuck.length === JOBS_PER_CALL
    for (const job of stuck) await ctx.db.patch('jobs', job._id, { status: 'failed', error: 'timed out', updatedAt: now })
    count += stuck.length
  }
  return { count, hasMore }
}
