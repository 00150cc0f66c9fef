import { afterEach, describe, expect, it } from 'vitest'
import { groupThreadsByRecency } from '../../../app/core/chat/thread-groups'
import { countThreadGroups, layoutThreadList, readThreadWindow } from '../../../app/core/chat/thread-list-layout'
import { closeChatDbs, openChatDb, threadInput } from './support/chat-db'

afterEach(closeChatDbs)

// Local time, so the test holds in any time zone: 15 March 2026, 10:00.
const NOW = new Date(2026, 2, 15, 10, 0).getTime()
const at = (day: number, hour = 12) => new Date(2026, 2, day, hour, 0).getTime()

describe('the sidebar, laid out from counts and read a window at a time', () => {
  it('lays out headers and threads by position, leaving out empty groups', () => {
    const layout = layoutThreadList([
      { id: 'pinned', count: 1 },
      { id: 'today', count: 0 },
      { id: 'month:2026-01', count: 2 },
    ])
    expect(layout.rowCount).toBe(5)
    expect([0, 1, 2, 3, 4].map((i) => layout.rowAt(i))).toEqual([
      { kind: 'group', id: 'pinned', label: 'Pinned' },
      { kind: 'thread', position: 0 },
      { kind: 'group', id: 'month:2026-01', label: 'January 2026' },
      { kind: 'thread', position: 1 },
      { kind: 'thread', position: 2 },
    ])
    expect(layout.positionAt(2)).toBe(1) // a header: the thread after it
    expect(layoutThreadList([]).rowCount).toBe(0)
  })

  it('counts and reads the same groups, in the same order, as grouping the rows in memory', async () => {
    const { db, writer } = await openChatDb()
    // Days of March 2026; 0 and below reach back into February and January, -80 into December.
    const days = [15, 15, 14, 14, 12, 9, 8, 7, 3, 1, -5, -17, -18, -40, -80]
    for (const [i, day] of days.entries()) await writer.put('threads', threadInput(`t${i}`, `thread ${i}`, { created_at: at(day, 1), last_message_at: at(day, 9 - (i % 3)) }))
    await writer.put('threads', threadInput('pinned-old', 'pinned', { pinned: 1, created_at: at(1), last_message_at: null }))
    await writer.put('threads', threadInput('gone', 'deleted', { created_at: at(15, 2) }))
    await writer.softDelete('threads', 'gone')

    const everything = groupThreadsByRecency(await db.threads.toArray(), NOW)
    const counts = await countThreadGroups(db, NOW)
    expect(counts.filter((group) => group.count > 0)).toEqual(everything.map((group) => ({ id: group.id, count: group.threads.length })))
    expect(everything.map((group) => group.id)).toEqual([
      'pinned', 'today', 'yesterday', 'previous-7-days', 'previous-30-days', 'month:2026-02', 'month:2026-01', 'month:2025-12',
    ])

    const inOrder = everything.flatMap((group) => group.threads.map((thread) => thread.id))
    const windows = [await readThreadWindow(db, 0, 6), await readThreadWindow(db, 6, 6), await readThreadWindow(db, 12, 6)]
    expect(windows.map((w) => w.start)).toEqual([0, 6, 12])
    expect(windows.flatMap((w) => w.rows.map((row) => row.id))).toEqual(inOrder)
  })
})
