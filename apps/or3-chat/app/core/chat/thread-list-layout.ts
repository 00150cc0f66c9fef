import type { ThreadRow } from '../db/synced-rows'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { monthGroupOf, recencyBounds, threadGroupLabel, type ThreadGroupId } from './thread-groups'

export interface GroupCount {
  id: ThreadGroupId
  count: number
}

export type ThreadListRow = { kind: 'group'; id: ThreadGroupId; label: string } | { kind: 'thread'; position: number }

/**
 * The sidebar as rows, from the group counts in the sidebar's order: each non-empty group's header, then its threads. A thread is named by
 * its position in the sidebar's order (0 = the first pinned or newest thread), so the list can
 * be laid out from the group counts alone and its rows read a window at a time.
 */
export interface ThreadListLayout {
  readonly rowCount: number
  rowAt(index: number): ThreadListRow
  /** The position of the thread in row `index`, or of the next thread after a header. */
  positionAt(index: number): number
}

export function layoutThreadList(counts: readonly GroupCount[]): ThreadListLayout {
  const segments: Array<{ id: ThreadGroupId; firstRow: number; firstPosition: number; count: number }> = []
  let row = 0
  let position = 0
  for (const { id, count } of counts) {
    if (count === 0) continue
    segments.push({ id, firstRow: row, firstPosition: position, count })
    row += count + 1
    position += count
  }
  const segmentOf = (index: number) => segments.findLast((segment) => segment.firstRow <= index) ?? segments[0]!
  return {
    rowCount: row,
    rowAt(index) {
      const segment = segmentOf(index)
      if (index === segment.firstRow) return { kind: 'group', id: segment.id, label: threadGroupLabel(segment.id) }
      return { kind: 'thread', position: segment.firstPosition + index - segment.firstRow - 1 }
    },
    positionAt(index) {
      const segment = segmentOf(index)
      return segment.firstPosition + Math.max(0, index - segment.firstRow - 1)
    },
  }
}

const SIDEBAR_INDEX = '[pinned+activity_at]'

/**
 * How many live threads each group holds, in the sidebar's order, counted on the sidebar's index
 * (tombstones and archived threads are not in it) with the same bounds as groupThreadsByRecency.
 * Past 30 days there is one group per calendar month, back to the oldest thread's.
 */
export async function countThreadGroups(db: WorkspaceDatabase, now: number): Promise<GroupCount[]> {
  const { today, yesterday, previous7Days, previous30Days } = recencyBounds(now)
  const count = (lower: [number, number], upper: [number, number], includeUpper = false) =>
    db.threads.where(SIDEBAR_INDEX).between(lower, upper, true, includeUpper).count()
  const counts: GroupCount[] = [
    { id: 'pinned', count: await count([1, -Infinity], [1, Infinity], true) },
    { id: 'today', count: await count([0, today], [0, Infinity], true) },
    { id: 'yesterday', count: await count([0, yesterday], [0, today]) },
    { id: 'previous-7-days', count: await count([0, previous7Days], [0, yesterday]) },
    { id: 'previous-30-days', count: await count([0, previous30Days], [0, previous7Days]) },
  ]
  const oldest = await db.threads.where(SIDEBAR_INDEX).between([0, -Infinity], [0, previous30Days]).first()
  if (!oldest?.activity_at) return counts
  // Month by month, from the one holding the 30-day bound back to the oldest thread's.
  for (let end = previous30Days; end > oldest.activity_at; ) {
    const month = monthGroupOf(end - 1)
    counts.push({ id: month.id, count: await count([0, month.start], [0, end]) })
    end = month.start
  }
  return counts
}

/** The threads at positions [start, start + limit) of the sidebar's order, with the start they were read at. */
export async function readThreadWindow(db: WorkspaceDatabase, start: number, limit: number): Promise<{ start: number; rows: ThreadRow[] }> {
  const rows = await db.threads
    .where(SIDEBAR_INDEX)
    .between([0, -Infinity], [1, Infinity], true, true)
    .reverse()
    .offset(start)
    .limit(limit)
    .toArray()
  return { start, rows }
}
