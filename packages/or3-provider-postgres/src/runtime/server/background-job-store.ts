import type { BackgroundJobStore, JobRecord, JobStatus, JobUsage } from 'or3-provider-kit'
import { assertJobAdmitted, ProviderError } from 'or3-provider-kit'
import { defineBackgroundJobStore } from 'or3-provider-kit/server'
import type { Sql, TransactionSql } from './database'
import { mapPostgresError } from './errors'
import { requireDatabase, type PostgresStoreOptions } from './store-options'

export type PostgresBackgroundJobStoreOptions = PostgresStoreOptions

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

/** Every job admission in the database takes this transaction-scoped advisory lock first. */
const ADMISSION_LOCK = 'or3.jobs.admission'

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
 * Background generation output in PostgreSQL, so a job survives a restart and any server instance
 * can stream it. Every status change is guarded in its UPDATE (`status = 'running'`), so an ended
 * job can never grow or change its ending, whichever instance tries.
 */
export function createPostgresBackgroundJobStore(options: PostgresBackgroundJobStoreOptions): BackgroundJobStore {
  const db = requireDatabase(options, 'The PostgreSQL background job store')
  const now = options.now ?? Date.now

  const getJob = async (sql: Sql | TransactionSql, jobId: string): Promise<JobRow | undefined> =>
    (await sql<JobRow[]>`SELECT * FROM jobs WHERE id = ${jobId}`)[0]

  const countRunning = async (sql: Sql | TransactionSql, userId: string | null): Promise<number> =>
    (await sql<{ count: number }[]>`
      SELECT COUNT(*) AS count FROM jobs WHERE status = 'running' AND (${userId}::text IS NULL OR user_id = ${userId}::text)`)[0]!.count

  /** Why a guarded update matched nothing: the job is unknown, or it has ended. */
  async function notRunning(sql: Sql | TransactionSql, jobId: string): Promise<ProviderError> {
    const job = await getJob(sql, jobId)
    return job ? new ProviderError('CONFLICT', `Job ${jobId} has ended (${job.status})`) : new ProviderError('NOT_FOUND', `No job ${jobId}`)
  }

  async function end(jobId: string, status: JobStatus, error: string | null, usage: JobUsage | null = null): Promise<JobRecord> {
    const sql = await db.ready()
    const [row] = await sql<JobRow[]>`
      UPDATE jobs SET status = ${status}, error = ${error}, updated_at = ${now()},
        usage_input = ${usage?.input ?? null}::bigint, usage_output = ${usage?.output ?? null}::bigint
      WHERE id = ${jobId} AND status = 'running' RETURNING *`
    if (!row) throw await notRunning(sql, jobId)
    return toJob(row)
  }

  return defineBackgroundJobStore({
    id: 'postgres',
    mapError: mapPostgresError,

    async create(job, admission) {
      const sql = await db.ready()
      const row = await sql.begin(async (tx) => {
        if (admission?.maxRunningPerUser !== undefined || admission?.maxRunningTotal !== undefined) {
          // Held to COMMIT: admissions on every instance are decided one after another, each
          // counting the jobs the ones before it started.
          await tx`SELECT pg_advisory_xact_lock(hashtext(${`${ADMISSION_LOCK}.${db.schema}`}))`
          const user = await countRunning(tx, job.userId)
          const total = admission.maxRunningTotal === undefined ? 0 : await countRunning(tx, null)
          assertJobAdmitted({ user, total }, admission)
        }
        const at = now()
        const [inserted] = await tx<JobRow[]>`
          INSERT INTO jobs (id, user_id, workspace_id, thread_id, message_id, status, length, error, created_at, updated_at)
          VALUES (${crypto.randomUUID()}, ${job.userId}, ${job.workspaceId ?? null}, ${job.threadId}, ${job.messageId},
                  'running', 0, NULL, ${at}, ${at})
          RETURNING *`
        return inserted!
      })
      return toJob(row as JobRow)
    },

    async append(jobId, chunk) {
      const sql = await db.ready()
      return (await sql.begin(async (tx) => {
        const [grown] = await tx<{ length: number }[]>`
          UPDATE jobs SET length = length + ${chunk.length}, updated_at = ${now()}
          WHERE id = ${jobId} AND status = 'running' RETURNING length`
        if (!grown) throw await notRunning(tx, jobId)
        if (chunk.length > 0) {
          await tx`INSERT INTO job_chunks (job_id, start_offset, end_offset, content)
            VALUES (${jobId}, ${grown.length - chunk.length}, ${grown.length}, ${chunk})`
        }
        return { length: grown.length }
      })) as { length: number }
    },

    complete: (jobId, usage) => end(jobId, 'completed', null, usage ?? null),
    fail: (jobId, message) => end(jobId, 'failed', message),

    async abort(jobId) {
      const sql = await db.ready()
      const ended = await sql`UPDATE jobs SET status = 'aborted', updated_at = ${now()} WHERE id = ${jobId} AND status = 'running'`
      if (ended.count === 1) return true
      if (!(await getJob(sql, jobId))) throw new ProviderError('NOT_FOUND', `No job ${jobId}`)
      return false
    },

    async read(jobId, offset) {
      const sql = await db.ready()
      // One snapshot: the record's length and the chunks agree even while a writer appends.
      return (await sql.begin('isolation level repeatable read read only', async (tx) => {
        const job = await getJob(tx, jobId)
        if (!job) return null
        const from = Math.min(offset, job.length)
        const chunks = await tx<{ start_offset: number; content: string }[]>`
          SELECT start_offset, content FROM job_chunks WHERE job_id = ${jobId} AND end_offset > ${from} ORDER BY start_offset`
        let content = chunks.map((c) => c.content).join('')
        if (chunks.length > 0) content = content.slice(from - chunks[0]!.start_offset)
        return { job: toJob(job), content, offset: job.length }
      })) as { job: JobRecord; content: string; offset: number } | null
    },

    countRunning: async (userId) => countRunning(await db.ready(), userId ?? null),

    async cleanupExpired({ olderThanMs, timeoutMs }) {
      const sql = await db.ready()
      return (await sql.begin(async (tx) => {
        const at = now()
        let count = (await tx`DELETE FROM jobs WHERE status <> 'running' AND updated_at <= ${at - olderThanMs}`).count
        if (timeoutMs !== undefined) {
          count += (await tx`
            UPDATE jobs SET status = 'failed', error = 'timed out', updated_at = ${at}
            WHERE status = 'running' AND created_at <= ${at - timeoutMs}`).count
        }
        return count
      })) as number
    },
  })
}
