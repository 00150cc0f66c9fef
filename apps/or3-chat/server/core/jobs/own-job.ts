import { ProviderError, type BackgroundJobStore, type JobRead, type JobRecord, type JobSnapshot } from 'or3-provider-kit'

/**
 * Reads a job for its owner. Someone else's job answers exactly like an unknown one (404), so
 * job ids reveal nothing about other users.
 */
export async function readOwnJob(jobs: BackgroundJobStore, jobId: string, ownerId: string, offset: number): Promise<JobRead> {
  const read = await jobs.read(jobId, offset)
  if (!read || read.job.userId !== ownerId) {
    throw new ProviderError('NOT_FOUND', `No background job ${jobId} for you: it is unknown, was cleaned up, or belongs to another account`)
  }
  return read
}

/** The job's record without its output (reads from the end, so no content is copied). */
export async function readOwnJobRecord(jobs: BackgroundJobStore, jobId: string, ownerId: string): Promise<JobRecord> {
  return (await readOwnJob(jobs, jobId, ownerId, Number.MAX_SAFE_INTEGER)).job
}

export function toJobSnapshot(read: JobRead): JobSnapshot {
  const { job } = read
  return {
    id: job.id,
    status: job.status,
    threadId: job.threadId,
    messageId: job.messageId,
    content: read.content,
    offset: read.offset,
    length: job.length,
    error: job.error,
    usage: job.usage ?? null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  }
}
