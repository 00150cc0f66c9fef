import { describe, expect, it } from 'vitest'
import { ORPHANED_ANSWER_AFTER_MS, planRecovery } from '../../../app/core/chat/interrupted-answers'
import { messageRow } from './support/chat-db'

const NOW = 10_000_000
const base = { now: NOW, pageOpenedAt: NOW - 5_000, activeHere: false }
const answer = (extra: Parameters<typeof messageRow>[3]) => messageRow('a', 't', 1, { role: 'assistant', content: 'par', ...extra })

describe('planRecovery', () => {
  it('resumes a background job after a reload in cloud mode', () => {
    expect(planRecovery(answer({ status: 'streaming', job_id: 'job-1' }), { ...base, cloud: true })).toBe('resume')
  })

  it('leaves an answer this page is generating alone', () => {
    expect(planRecovery(answer({ status: 'streaming', job_id: 'job-1' }), { ...base, cloud: true, activeHere: true })).toBe('leave')
  })

  it('marks a local-only answer from a closed page as stopped, but not one another open tab is writing', () => {
    const before = answer({ status: 'streaming', updated_at: base.pageOpenedAt - 1 })
    const after = answer({ status: 'streaming', updated_at: base.pageOpenedAt + 1 })
    expect(planRecovery(before, { ...base, cloud: false })).toBe('mark-aborted')
    expect(planRecovery(after, { ...base, cloud: false })).toBe('leave')
  })

  it('waits for another device to start its job, and gives up on one that never did', () => {
    const fresh = answer({ status: 'pending', updated_at: NOW - 1_000 })
    const stale = answer({ status: 'pending', updated_at: NOW - ORPHANED_ANSWER_AFTER_MS - 1 })
    expect(planRecovery(fresh, { ...base, cloud: true })).toBe('leave')
    expect(planRecovery(stale, { ...base, cloud: true })).toBe('mark-aborted')
  })

  it('ignores finished answers and user messages', () => {
    expect(planRecovery(answer({ status: 'complete', job_id: 'j' }), { ...base, cloud: true })).toBe('leave')
    expect(planRecovery(messageRow('u', 't', 0, { status: 'pending' }), { ...base, cloud: false })).toBe('leave')
  })
})
