import { v, type Infer } from 'convex/values'
import type { Doc } from './_generated/dataModel'
import { mutation, type MutationCtx, query, type QueryCtx } from './_generated/server'
import { fail as refuse } from './lib/errors'
import { requireServer } from './lib/identity'
import { cleanupJobs } from './lib/job-cleanup'
import { jobRecordValidator, toJobRecord } from './lib/job-records'
import { checkCount, checkText, validation } from './lib/protocol'
import { jobUsageValidator } from './lib/validators'

// Background generation output (`BackgroundJobStore`), for the OR3 server only. Every status
// change is guarded (`status === 'running'`) inside its mutation, so an ended job can never grow
// or change its ending, whichever server instance tries.

const ID_LENGTH = 128
/** Appends arrive in coarse chunks (about 1 KiB); this only bounds a single document. */
const MAX_CHUNK_LENGTH = 256 * 1024
/** A read answers at most this much output; the caller reads on from the offset it gets. */
const MAX_READ_LENGTH = 4 * 1024 * 1024

async function findJob(ctx: QueryCtx, rawId: string): Promise<Doc<'jobs'> | null> {
  const id = ctx.db.normalizeId('jobs', rawId)
  return id === null ? null : await ctx.db.get('jobs', id)
}

async function requireRunningJob(ctx: QueryCtx, rawId: string): Promise<Doc<'jobs'>> {
  const job = await findJob(ctx, rawId)
  if (job === null) refuse('NOT_FOUND', `No job ${rawId}`)
  if (job.status !== 'running') refuse('CONFLICT', `Job ${rawId} has ended (${job.status})`)
  return job
}

async function countRunning(ctx: QueryCtx, userId: string | undefined, upTo: number): Promise<number> {
  const running = ctx.db
    .query('jobs')
    .withIndex('by_status_user', (q) => (userId === undefined ? q.eq('status', 'running') : q.eq('status', 'running').eq('userId', userId)))
  return (await running.take(upTo)).length
}

/**
 * Admits a job atomically: the running-job counts and the insert are one transaction, so two
 * instances starting jobs at once cannot both slip under a cap (RATE_LIMITED when over).
 */
export const create = mutation({
  args: {
    userId: v.string(),
    workspaceId: v.optional(v.union(v.string(), v.null())),
    threadId: v.string(),
    messageId: v.string(),
    maxRunningPerUser: v.optional(v.number()),
    maxRunningTotal: v.optional(v.number()),
  },
  returns: jobRecordValidator,
  handler: async (ctx, args) => {
    await requireServer(ctx)
    for (const [field, value] of Object.entries({ userId: args.userId, threadId: args.threadId, messageId: args.messageId })) {
      checkText(value, field, ID_LENGTH)
    }
    if (args.workspaceId != null) checkText(args.workspaceId, 'workspaceId', ID_LENGTH)
    const perUser = args.maxRunningPerUser
    if (perUser !== undefined && (await countRunning(ctx, args.userId, checkCount(perUser, 'maxRunningPerUser') + 1)) >= perUser) {
      refuse(
        'RATE_LIMITED',
        `You already have ${perUser} replies generating in the background (at most ${perUser}); wait for one to finish or stop one`,
        5,
      )
    }
    const total = args.maxRunningTotal
    if (total !== undefined && (await countRunning(ctx, undefined, checkCount(total, 'maxRunningTotal') + 1)) >= total) {
      refuse('RATE_LIMITED', 'This server is generating as many background replies as it allows; try again shortly', 5)
    }
    const now = Date.now()
    const id = await ctx.db.insert('jobs', {
      userId: args.userId,
      workspaceId: args.workspaceId ?? null,
      threadId: args.threadId,
      messageId: args.messageId,
      status: 'running',
      length: 0,
      error: null,
      createdAt: now,
      updatedAt: now,
    })
    return toJobRecord((await ctx.db.get('jobs', id))!)
  },
})

export const append = mutation({
  args: { jobId: v.string(), chunk: v.string() },
  returns: v.object({ length: v.number() }),
  handler: async (ctx, { jobId, chunk }) => {
    await requireServer(ctx)
    if (chunk.length > MAX_CHUNK_LENGTH) validation(`a chunk is at most ${MAX_CHUNK_LENGTH} characters`)
    const job = await requireRunningJob(ctx, jobId)
    const length = job.length + chunk.length
    if (chunk.length > 0) await ctx.db.insert('jobChunks', { jobId: job._id, start: job.length, end: length, content: chunk })
    await ctx.db.patch('jobs', job._id, { length, updatedAt: Date.now() })
    return { length }
  },
})

async function end(
  ctx: MutationCtx,
  jobId: string,
  status: Doc<'jobs'>['status'],
  error: string | null,
  usage: Infer<typeof jobUsageValidator> | null = null,
) {
  const job = await requireRunningJob(ctx, jobId)
  const ended = { status, error, usage, updatedAt: Date.now() }
  await ctx.db.patch('jobs', job._id, ended)
  return toJobRecord({ ...job, ...ended })
}

export const complete = mutation({
  args: { jobId: v.string(), usage: v.optional(v.union(jobUsageValidator, v.null())) },
  returns: jobRecordValidator,
  handler: async (ctx, { jobId, usage }) => {
    await requireServer(ctx)
    if (usage) {
      checkCount(usage.input, 'usage.input')
      checkCount(usage.output, 'usage.output')
    }
    return await end(ctx, jobId, 'completed', null, usage ?? null)
  },
})

export const fail = mutation({
  args: { jobId: v.string(), message: v.string() },
  returns: jobRecordValidator,
  handler: async (ctx, { jobId, message }) => {
    await requireServer(ctx)
    return await end(ctx, jobId, 'failed', message.slice(0, 2000))
  },
})

/** Marks a running job aborted: false when it had already ended. */
export const abort = mutation({
  args: { jobId: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { jobId }) => {
    await requireServer(ctx)
    const job = await findJob(ctx, jobId)
    if (job === null) refuse('NOT_FOUND', `No job ${jobId}`)
    if (job.status !== 'running') return false
    await ctx.db.patch('jobs', job._id, { status: 'aborted', updatedAt: Date.now() })
    return true
  },
})

/** Output from `offset` on (UTF-16 code units), and the offset to read from next. null: no such job. */
export const read = query({
  args: { jobId: v.string(), offset: v.number() },
  returns: v.union(v.object({ job: jobRecordValidator, content: v.string(), offset: v.number() }), v.null()),
  handler: async (ctx, args) => {
    await requireServer(ctx)
    const job = await findJob(ctx, args.jobId)
    if (job === null) return null
    const from = Number.isFinite(args.offset) ? Math.min(Math.max(0, Math.floor(args.offset)), job.length) : 0
    const chunks = ctx.db.query('jobChunks').withIndex('by_job', (q) => q.eq('jobId', job._id).gt('end', from))
    let content = ''
    let offset = from
    for await (const chunk of chunks) {
      content += chunk.content.slice(Math.max(0, from - chunk.start))
      offset = chunk.end
      if (content.length >= MAX_READ_LENGTH) break
    }
    return { job: toJobRecord(job), content, offset: Math.max(offset, from) }
  },
})

export const countRunningJobs = query({
  args: { userId: v.optional(v.string()) },
  returns: v.number(),
  handler: async (ctx, { userId }) => {
    await requireServer(ctx)
    return await countRunning(ctx, userId, 100_000)
  },
})

/**
 * Removes ended jobs (and their output) older than `olderThanMs`, and fails running jobs older
 * than `timeoutMs`, one bounded batch per call.
 */
export const cleanupExpired = mutation({
  args: { olderThanMs: v.number(), timeoutMs: v.optional(v.number()) },
  returns: v.object({ count: v.number(), hasMore: v.boolean() }),
  handler: async (ctx, args) => {
    await requireServer(ctx)
    return await cleanupJobs(ctx, Date.now(), checkCount(args.olderThanMs, 'olderThanMs'), args.timeoutMs)
  },
})
