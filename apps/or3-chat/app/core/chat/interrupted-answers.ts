import type { MessageRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'

/** How long an answer may wait for its job in cloud mode before it counts as lost. */
export const ORPHANED_ANSWER_AFTER_MS = 2 * 60 * 1000

export type RecoveryPlan = 'resume' | 'mark-aborted' | 'leave'

/**
 * What to do with an answer still marked pending/streaming that no generation on this page is
 * writing:
 * - it has a background job (cloud mode): resume the job stream from what is already saved;
 * - local-only mode: last written before this page opened, so the page that streamed it is gone
 *   and so is its stream: mark it stopped (a newer one belongs to another open tab);
 * - cloud mode without a job yet: another device may be starting one right now, so only an old
 *   one is given up.
 */
export function planRecovery(
  message: MessageRow,
  options: { cloud: boolean; now: number; pageOpenedAt: number; activeHere: boolean },
): RecoveryPlan {
  if (message.deleted || message.role !== 'assistant') return 'leave'
  if (message.status !== 'pending' && message.status !== 'streaming') return 'leave'
  if (options.activeHere) return 'leave'
  if (message.job_id && options.cloud) return 'resume'
  if (!options.cloud) return message.updated_at < options.pageOpenedAt ? 'mark-aborted' : 'leave'
  return options.now - message.updated_at > ORPHANED_ANSWER_AFTER_MS ? 'mark-aborted' : 'leave'
}

/** Answers that were being generated when a page last closed (or that another device is writing). */
export function listUnfinishedAnswers(db: WorkspaceDatabase): Promise<MessageRow[]> {
  return db.messages.filter((row) => !row.deleted && row.role === 'assistant' && (row.status === 'pending' || row.status === 'streaming')).toArray()
}
