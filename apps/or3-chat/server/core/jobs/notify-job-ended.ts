import type { BackgroundJobStore, JobRecord, NotificationEmitter } from 'or3-provider-kit'
import { LOCAL_JOB_OWNER } from '../llm/llm-caller'

const PREVIEW_CHARS = 140

/**
 * Tells the owner's devices (through sync) that a background reply finished or failed. Needs a
 * workspace to write into, so jobs started without `workspaceId` (or in local-only mode) stay
 * silent. A failed notification is logged and never fails the job.
 */
export async function notifyJobEnded(
  notifications: NotificationEmitter | null,
  jobs: BackgroundJobStore,
  job: JobRecord,
): Promise<void> {
  if (!notifications || !job.workspaceId || job.userId === LOCAL_JOB_OWNER) return
  if (job.status !== 'completed' && job.status !== 'failed') return
  try {
    const completed = job.status === 'completed'
    const preview = completed ? ((await jobs.read(job.id, 0))?.content ?? '').slice(0, PREVIEW_CHARS) : ''
    await notifications.emit({
      workspaceId: job.workspaceId,
      userId: job.userId,
      type: completed ? 'chat.reply.completed' : 'chat.reply.failed',
      title: completed ? 'Your reply is ready' : 'Your reply could not be generated',
      body: completed ? preview : (job.error ?? undefined),
      threadId: job.threadId,
    })
  } catch (error) {
    console.error(`[or3] could not notify about job ${job.id}: ${error instanceof Error ? error.message : String(error)}`)
  }
}
