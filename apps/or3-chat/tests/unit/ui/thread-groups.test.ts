import { describe, expect, it } from 'vitest'
import { groupThreadsByRecency } from '../../../app/core/chat/thread-groups'
import { threadRow } from './support/chat-db'

// Local time, so the test holds in any time zone: 15 March 2026, 10:00.
const NOW = new Date(2026, 2, 15, 10, 0).getTime()
const at = (day: number, hour = 12) => new Date(2026, 2, day, hour, 0).getTime()

describe('groupThreadsByRecency', () => {
  it('sorts threads into Today / Yesterday / Previous 7 days / Previous 30 days by local calendar day, then months', () => {
    const threads = [
      threadRow('month', { last_message_at: at(1) }),
      threadRow('february-early', { last_message_at: new Date(2026, 1, 1, 0, 0).getTime() }),
      threadRow('last-year', { last_message_at: new Date(2025, 11, 31, 23, 59).getTime() }),
      threadRow('february-late', { last_message_at: new Date(2026, 1, 12, 23, 0).getTime() }),
      threadRow('today-early', { last_message_at: at(15, 0) }),
      threadRow('yesterday-late', { last_message_at: at(14, 23) }),
      threadRow('week', { last_message_at: at(9) }),
      threadRow('today', { last_message_at: at(15, 9) }),
    ]
    const groups = groupThreadsByRecency(threads, NOW)
    expect(groups.map((group) => [group.label, group.threads.map((thread) => thread.id)])).toEqual([
      ['Today', ['today', 'today-early']],
      ['Yesterday', ['yesterday-late']],
      ['Previous 7 days', ['week']],
      ['Previous 30 days', ['month']],
      ['February 2026', ['february-late', 'february-early']],
      ['December 2025', ['last-year']],
    ])
    expect(groups.at(-1)!.id).toBe('month:2025-12')
  })

  it('puts pinned threads first whatever their age, and leaves out empty groups', () => {
    const groups = groupThreadsByRecency(
      [threadRow('new', { last_message_at: at(15, 8) }), threadRow('old-pinned', { pinned: 1, last_message_at: at(1) })],
      NOW,
    )
    expect(groups.map((group) => group.id)).toEqual(['pinned', 'today'])
    expect(groups[0]!.threads.map((thread) => thread.id)).toEqual(['old-pinned'])
  })

  it('orders by last message, not by edits: renaming an old thread does not make it recent', () => {
    const renamed = threadRow('renamed', { last_message_at: new Date(2025, 5, 2).getTime(), updated_at: NOW })
    const groups = groupThreadsByRecency([renamed], NOW)
    expect(groups.map((group) => group.id)).toEqual(['month:2025-06'])
  })

  it('uses the creation time of a thread without messages, and hides tombstones', () => {
    const groups = groupThreadsByRecency(
      [threadRow('fresh', { created_at: at(15, 9) }), threadRow('gone', { created_at: at(15, 9), deleted: true })],
      NOW,
    )
    expect(groups).toHaveLength(1)
    expect(groups[0]!.threads.map((thread) => thread.id)).toEqual(['fresh'])
  })
})
