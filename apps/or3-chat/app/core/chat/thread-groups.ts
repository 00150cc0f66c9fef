import type { ThreadRow } from '../db/synced-rows'

export type ThreadGroupId = 'pinned' | 'today' | 'yesterday' | 'previous-7-days' | 'older'

export interface ThreadGroup {
  id: ThreadGroupId
  label: string
  threads: ThreadRow[]
}

export const THREAD_GROUP_LABELS: Record<ThreadGroupId, string> = {
  pinned: 'Pinned',
  today: 'Today',
  yesterday: 'Yesterday',
  'previous-7-days': 'Previous 7 days',
  older: 'Older',
}
/** The sidebar's order of groups: the order of [pinned+activity_at] read backwards. */
export const THREAD_GROUP_ORDER: readonly ThreadGroupId[] = ['pinned', 'today', 'yesterday', 'previous-7-days', 'older']
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

/** Where the recency groups begin (local midnights): a thread active at or after a bound is in it. */
export function recencyBounds(now: number): { today: number; yesterday: number; previous7Days: number } {
  const today = startOfDay(now)
  return { today, yesterday: today - DAY_MS, previous7Days: today - 7 * DAY_MS }
}

type RecencyBounds = ReturnType<typeof recencyBounds>

function recencyGroup(activityAt: number, bounds: RecencyBounds): ThreadGroupId {
  if (activityAt >= bounds.today) return 'today'
  if (activityAt >= bounds.yesterday) return 'yesterday'
  if (activityAt >= bounds.previous7Days) return 'previous-7-days'
  return 'older'
}

/**
 * The sidebar's sections: pinned threads first, then Today / Yesterday / Previous 7 days / Older
 * by local calendar day, each newest first. Empty sections are left out.
 */
export function groupThreadsByRecency(threads: readonly ThreadRow[], now: number): ThreadGroup[] {
  const bounds = recencyBounds(now)
  const buckets = new Map<ThreadGroupId, ThreadRow[]>()
  const byActivity = [...threads].filter((thread) => !thread.deleted).sort((a, b) => threadActivityAt(b) - threadActivityAt(a))
  for (const thread of byActivity) {
    const id = thread.pinned ? 'pinned' : recencyGroup(threadActivityAt(thread), bounds)
    const bucket = buckets.get(id) ?? []
    bucket.push(thread)
    buckets.set(id, bucket)
  }
  return THREAD_GROUP_ORDER.filter((id) => buckets.has(id)).map((id) => ({ id, label: THREAD_GROUP_LABELS[id], threads: buckets.get(id)! }))
}
