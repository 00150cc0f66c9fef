import type { ThreadRow } from '../db/synced-rows'

type RecencyGroupId = 'pinned' | 'today' | 'yesterday' | 'previous-7-days' | 'previous-30-days'
/** A recency section, or a calendar month (`month:2026-02`) for threads older than 30 days. */
export type ThreadGroupId = RecencyGroupId | `month:${string}`

export interface ThreadGroup {
  id: ThreadGroupId
  label: string
  threads: ThreadRow[]
}

const RECENCY_LABELS: Record<RecencyGroupId, string> = {
  pinned: 'Pinned',
  today: 'Today',
  yesterday: 'Yesterday',
  'previous-7-days': 'Previous 7 days',
  'previous-30-days': 'Previous 30 days',
}
// The app's labels are English; a month reads the same way ("February 2026").
const MONTH_LABEL = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric' })
const DAY_MS = 24 * 60 * 60 * 1000

export function threadGroupLabel(id: ThreadGroupId): string {
  if (!id.startsWith('month:')) return RECENCY_LABELS[id as RecencyGroupId]
  const [year, month] = id.slice('month:'.length).split('-').map(Number)
  return MONTH_LABEL.format(new Date(year!, month! - 1, 1))
}

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
export function recencyBounds(now: number): { today: number; yesterday: number; previous7Days: number; previous30Days: number } {
  const today = startOfDay(now)
  return { today, yesterday: today - DAY_MS, previous7Days: today - 7 * DAY_MS, previous30Days: today - 30 * DAY_MS }
}

type RecencyBounds = ReturnType<typeof recencyBounds>

/** The local calendar month that holds `at`, as a group. */
export function monthGroupOf(at: number): { id: ThreadGroupId; start: number; end: number } {
  const date = new Date(at)
  const [year, month] = [date.getFullYear(), date.getMonth()]
  return {
    id: `month:${year}-${String(month + 1).padStart(2, '0')}`,
    start: new Date(year, month, 1).getTime(),
    end: new Date(year, month + 1, 1).getTime(),
  }
}

function recencyGroup(activityAt: number, bounds: RecencyBounds): ThreadGroupId {
  if (activityAt >= bounds.today) return 'today'
  if (activityAt >= bounds.yesterday) return 'yesterday'
  if (activityAt >= bounds.previous7Days) return 'previous-7-days'
  if (activityAt >= bounds.previous30Days) return 'previous-30-days'
  return monthGroupOf(activityAt).id
}

/**
 * The sidebar's sections: pinned threads first, then Today / Yesterday / Previous 7 days /
 * Previous 30 days by local calendar day, then one per calendar month, each newest first.
 * Empty sections are left out.
 */
export function groupThreadsByRecency(threads: readonly ThreadRow[], now: number): ThreadGroup[] {
  const bounds = recencyBounds(now)
  const byActivity = [...threads].filter((thread) => !thread.deleted).sort((a, b) => threadActivityAt(b) - threadActivityAt(a))
  // Newest first, so the groups are met in the sidebar's order; pinned goes on top.
  const buckets = new Map<ThreadGroupId, ThreadRow[]>([['pinned', []]])
  for (const thread of byActivity) {
    const id = thread.pinned ? 'pinned' : recencyGroup(threadActivityAt(thread), bounds)
    const bucket = buckets.get(id) ?? []
    bucket.push(thread)
    buckets.set(id, bucket)
  }
  return [...buckets].filter(([, rows]) => rows.length > 0).map(([id, rows]) => ({ id, label: threadGroupLabel(id), threads: rows }))
}
