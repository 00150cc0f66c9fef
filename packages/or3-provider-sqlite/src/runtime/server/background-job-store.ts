import type { BackgroundJobStore, CreateJobInput, JobAdmission, JobRecord, JobStatus, JobUsage } from 'or3-provider-kit'
import { assertJobAdmitted, ProviderError } from 'or3-provider-kit'
import { defineBackgroundJobStore, mapSqliteError } from 'or3-provider-kit/server'
import { resolveStoreDatabase, type SqliteStoreOptions } from './store-options'

export type SqliteBackgroundJobStoreOptions = SqliteStoreOptions

interface JobRow {
  id: string
  user_id: string
  workspace_id: string | null
  thread_id: string
  message_id: string
  status: JobStatus
  length: number
  error: string | null
  usage_input: number | null
  usage_output: number | null
  created_at: number
  updated_at: number
}

interface ChunkRow {
  start_offset: number
  content: string
}

const JOB_COLUMNS =
  'id, user_id, workspace_id, thread_id, message_id, status, length, error, usage_input, usage_output, created_at, updated_at'

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    userId: row.user_id,
    workspaceId: row.workspace_id,
    threadId: row.thread_id,
    messageId: row.message_id,
    status: row.status,
    length: row.length,
    error: row.error,
    usage: row.usage_input === null || row.usage_output === null ? null : { input: row.usage_input, output: row.usage_output },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * Background generation output in SQLite, so a job survives a restart and any server process can
 * stream it. Every status change is guarded in its UPDATE (`status = 'running'`), so an ended job
 * can never grow or change its ending, whichever process tries.
 */
export function createSqliteBackgroundJobStore(options: SqliteBackgroundJobStoreOptions): BackgroundJobStore {
  const db = resolveStoreDatabase(options, 'The SQLite background job store')
  const now = options.now ?? Date.now

  const sql = {
    insert: db.prepare<JobRow, [string, string, string | null, string, string, number]>(
      `INSERT INTO jobs (id, user_id, workspace_id, thread_id, message_id, status, length, error, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, 'running', 0, NULL, ?6, ?6) RETURNING ${JOB_COLUMNS}`,
    ),
    get: db.prepare<JobRow, [string]>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`),
    grow: db.prepare<{ length: number }, [string, number, number]>(
      `UPDATE jobs SET length = length + ?2, updated_at = ?3 WHERE id = ?1 AND status = 'running' RETURNING length`,
    ),
    addChunk: db.prepare<never, [string, number, number, string]>(
      'INSERT INTO job_chunks (job_id, start_offset, end_offset, content) VALUES (?, ?, ?, ?)',
    ),
    end: db.prepare<JobRow, [string, JobStatus, string | null, number, number | null, number | null]>(
      `UPDATE jobs SET status = ?2, error = ?3, updated_at = ?4, usage_input = ?5, usage_output = ?6
       WHERE id = ?1 AND status = 'running' RETURNING ${JOB_COLUMNS}`,
    ),
    chunksFrom: db.prepare<ChunkRow, [string, number]>(
      'SELECT start_offset, content FROM job_chunks WHERE job_id = ? AND end_offset > ? ORDER BY start_offset',
    ),
    countRunning: db.prepare<{ count: number }, [string | null]>(
      "SELECT COUNT(*) AS count FROM jobs WHERE status = 'running' AND (?1 IS NULL OR user_id = ?1)",
    ),
    deleteEnded: db.prepare<never, [number]>("DELETE FROM jobs WHERE status <> 'running' AND updated_at <= ?"),
    failTimedOut: db.prepare<never, [number, number]>(
      `UPDATE jobs SET status = 'failed', error = 'timed out', updated_at = ?2
       WHERE status = 'running' AND created_at <= ?1`,
    ),
  }

  /** Why a guarded update matched nothing: the job is unknown, or it has ended. */
  function notRunning(jobId: string): ProviderError {
    const job = sql.get.get(jobId)
    return job
      ? new ProviderError('CONFLICT', `Job ${jobId} has ended (${job.status})`)
      : new ProviderError('NOT_FOUND', `No job ${jobId}`)
  }

  const append = db.transaction((jobId: string, chunk: string): { length: number } => {
    const grown = sql.grow.get(jobId, chunk.length, now())
    if (!grown) throw notRunning(jobId)
    if (chunk.length > 0) sql.addChunk.run(jobId, grown.length - chunk.length, grown.length, chunk)
    return { length: grown.length }
  })

  // BEGIN IMMEDIATE (below) holds the write lock from the counts to the insert, so starts from
  // any process sharing the file are admitted one after another.
  const admit = db.transaction((job: CreateJobInput, admission: JobAdmission | undefined): JobRow => {
    if (admission?.maxRunningPerUser !== undefined || admission?.maxRunningTotal !== undefined) {
      const user = sql.countRunning.get(job.userId)!.count
      const total = admission.maxRunningTotal === undefined ? 0 : sql.countRunning.get(null)!.count
      assertJobAdmitted({ user, total }, admission)
    }
    return sql.insert.get(crypto.randomUUID(), job.userId, job.workspaceId ?? null, job.threadId, job.messageId, now())!
  })

  function end(jobId: string, status: JobStatus, error: string | null, usage: JobUsage | null = null): JobRecord {
    const row = sql.end.get(jobId, status, error, now(), usage?.input ?? null, usage?.output ?? null)
    if (!row) throw notRunning(jobId)
    return toJob(row)
  }

  // One read transaction: the record's length and the chunks agree even while a writer appends.
  const read = db.transaction((jobId: string, offset: number) => {
    const job = sql.get.get(jobId)
    if (!job) return null
    const from = Math.min(offset, job.length)
    const chunks = sql.chunksFrom.all(jobId, from)
    let content = chunks.map((c) => c.content).join('')
    if (chunks.length > 0) content = content.slice(from - chunks[0]!.start_offset)
    return { job: toJob(job), content, offset: job.length }
  })

  const cleanupExpired = db.transaction((olderThanMs: number, timeoutMs: number | undefined): number => {
    const at = now()
    let count = sql.deleteEnded.run(at - olderThanMs).changes
    if (timeoutMs !== undefined) count += sql.failTimedOut.run(at - timeoutMs, at).changes
    return count
  })

  return defineBackgroundJobStore({
    id: 'sqlite',
    mapError: mapSqliteError,
    create(input, admission) {
      return toJob(admit.immediate(input, admission))
    },
    append: (jobId, chunk) => append.immediate(jobId, chunk),
    complete: (jobId, usage) => end(jobId, 'completed', null, usage ?? null),
    fail: (jobId, message) => end(jobId, 'failed', message),
    abort(jobId) {
      if (sql.end.get(jobId, 'aborted', null, now(), null, null)) return true
      if (!sql.get.get(jobId)) throw new ProviderError('NOT_FOUND', `No job ${jobId}`)
      return false
    },
    read: (jobId, offset) => read.deferred(jobId, offset),
    countRunning: (userId) => sql.countRunning.get(userId ?? null)!.count,
    cleanupExpired: ({ olderThanMs, timeoutMs }) => cleanupExpired.immediate(olderThanMs, timeoutMs),
  })
}
