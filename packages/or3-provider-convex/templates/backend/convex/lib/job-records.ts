import { v, type Infer } from 'convex/values'
import type { Doc } from '../_generated/dataModel'
import { jobFields } from './validators'

export const jobRecordValidator = v.object({ id: v.string(), ...jobFields })

export function toJobRecord(job: Doc<'jobs'>): Infer<typeof jobRecordValidator> {
  return {
    id: job._id,
    userId: job.userId,
    workspaceId: job.workspaceId,
    threadId: job.threadId,
    messageId: job.messageId,
    status: job.status,
    length: job.length,
    error: job.error,
    usage: job.usage ?? null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  }
}
