import type { ThreadRow } from '../db/synced-rows'

export type ThreadGroupId = 'pinned' | 'today' | 'yesterday' | 'previous-7-days' | 'older'

export interface ThreadGroup {
  id: ThreadGroupId
  label: string
  threads: ThreadRow[]
}

const LABELS: Record<ThreadGroupId, string> = {
  pinned: 'Pinned',
  today: 'Today',
  yesterday: 'Yesterday',
  'previous-7-days': 'Previous 7 days',
  older: 'Older',
}
const ORDER: ThreadGroupId[] = ['pinned', 'today', 'yesterday', 'previous-7-days', 'older']
const DAY_MS = 24 * 60 * 60 * 1000

/**
 * When a thread was last active: its last message, else its creation. Not `updated_at`, so
 * renaming or pinning an old thread does not move it to "Today".
 */
export function threadActivityAt(thread: ThreadRow): number {
  return thread.last_message_at ?? thread.created_at
}

/** Local midnight of the day that holds `at`. */
function startOfDay(at: number): number {
  const day = new Date(at)
  day.setHours(0, 0, 0, 0)
  return day.getTime()
}

function recencyGroup(activityAt: number, todayStart: number): ThreadGroupId {
  if (activityAt >= todayStart) return 'today'
  if (activityAt >= todayStart - DAY_MS) return 'yesterday'
  if (activityAt >= todayStart - 7 * DAY_MS) return 'previous-7-days'
  return 'older'
}

/**
 * The sidebar's sections: pinned threads first, then Today / Yesterday / Previous 7 days / Older
 * by local calendar day, each newest first. Empty sections are left out.
 */
export function groupThreadsByRecency(threads: readonly ThreadRow[], now: number): ThreadGroup[] {
  const todayStart = startOfDay(now)
  const buckets = new Map<ThreadGroupId, ThreadRow[]>()
  const byActivity = [...threads].filter((thread) => !thread.deleted).sort((a, b) => threadActivityAt(b) - threadActivityAt(a))
  for (const thread of byActivity) {
    const id = thread.pinned ? 'pinned' : recencyGroup(threadActivityAt(thread), todayStart)
    const bucket = buckets.get(id) ?? []
    bucket.push(thread)
    buckets.set(id, bucket)
  }
  return ORDER.filter((id) => buckets.has(id)).map((id) => ({ id, label: LABELS[id], threads: buckets.get(id)! }))
}
