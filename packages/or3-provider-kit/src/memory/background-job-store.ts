import { defineBackgroundJobStore } from '../adapters/define-stores.ts'
import type { BackgroundJobStore, JobRecord } from '../contracts/server.ts'
import type { JobUsage } from '../schemas/jobs.ts'
import { ProviderError } from '../errors.ts'
import { assertJobAdmitted } from '../jobs/job-admission.ts'

export interface MemoryBackgroundJobStoreOptions {
  now?: () => number
}

interface MemoryJob {
  record: JobRecord
  chunks: string[]
}

/** Jobs in this process's memory: right for a single server; lost on restart. */
export function createMemoryBackgroundJobStore(options: MemoryBackgroundJobStoreOptions = {}): BackgroundJobStore {
  const now = options.now ?? Date.now
  const jobs = new Map<string, MemoryJob>()

  function get(jobId: string): MemoryJob {
    const job = jobs.get(jobId)
    if (!job) throw new ProviderError('NOT_FOUND', `No job ${jobId}`)
    return job
  }

  function running(jobId: string): MemoryJob {
    const job = get(jobId)
    if (job.record.status !== 'running') {
      throw new ProviderError('CONFLICT', `Job ${jobId} has ended (${job.record.status})`)
    }
    return job
  }

  function end(jobId: string, status: JobRecord['status'], error: string | null, usage: JobUsage | null = null): JobRecord {
    const job = running(jobId)
    job.record = { ...job.record, status, error, usage, updatedAt: now() }
    return { ...job.record }
  }

  function countRunning(userId?: string): number {
    let count = 0
    for (const { record } of jobs.values()) {
      if (record.status === 'running' && (userId === undefined || record.userId === userId)) count++
    }
    return count
  }

  return defineBackgroundJobStore({
    id: 'memory',
    create(input, admission) {
      // Counted and inserted with no await between: atomic within this process.
      assertJobAdmitted({ user: countRunning(input.userId), total: countRunning() }, admission)
      const at = now()
      const record: JobRecord = {
        id: crypto.randomUUID(),
        userId: input.userId,
        workspaceId: input.workspaceId ?? null,
        threadId: input.threadId,
        messageId: input.messageId,
        status: 'running',
        length: 0,
        error: null,
        usage: null,
        createdAt: at,
        updatedAt: at,
      }
      jobs.set(record.id, { record, chunks: [] })
      return { ...record }
    },
    append(jobId, chunk) {
      const job = running(jobId)
      job.chunks.push(chunk)
      job.record = { ...job.record, length: job.record.length + chunk.length, updatedAt: now() }
      return { length: job.record.length }
    },
    complete(jobId, usage) {
      return end(jobId, 'completed', null, usage ?? null)
    },
    fail(jobId, message) {
      return end(jobId, 'failed', message)
    },
    abort(jobId) {
      const job = get(jobId)
      if (job.record.status !== 'running') return false
      end(jobId, 'aborted', null)
      return true
    },
    read(jobId, offset) {
      const job = jobs.get(jobId)
      if (!job) return null
      const text = job.chunks.join('')
      const from = Math.min(offset, text.length)
      return { job: { ...job.record }, content: text.slice(from), offset: text.length }
    },
    countRunning(userId) {
      return countRunning(userId)
    },
    cleanupExpired({ olderThanMs, timeoutMs }) {
      const at = now()
      let removed = 0
      for (const [id, job] of jobs) {
        const { status, updatedAt, createdAt } = job.record
        if (status !== 'running' && at - updatedAt >= olderThanMs) {
          jobs.delete(id)
          removed++
        } else if (status === 'running' && timeoutMs !== undefined && at - createdAt >= timeoutMs) {
          job.record = { ...job.record, status: 'failed', error: 'timed out', updatedAt: at }
          removed++
        }
      }
      return removed
    },
  })
}
