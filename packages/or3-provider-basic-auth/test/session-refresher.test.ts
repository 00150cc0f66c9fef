import { describe, expect, it } from 'vitest'
import { createSessionRefresher, REFRESH_AHEAD_MS } from '../src/runtime/client/session-refresher'

function setup(options: { expiry: number | null; outcome?: 'refreshed' | 'ended' | Error }) {
  const state = { now: 1_000_000, expiry: options.expiry, refreshes: 0, changes: 0 }
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  const refresher = createSessionRefresher({
    now: () => state.now,
    readExpiry: () => state.expiry,
    async refresh() {
      state.refreshes += 1
      await gate
      if (options.outcome instanceof Error) throw options.outcome
      if (options.outcome !== 'ended') state.expiry = state.now + 15 * 60 * 1000
      return options.outcome ?? 'refreshed'
    },
    onSessionChange() {
      state.changes += 1
    },
  })
  return { state, refresher, release }
}

describe('session refresher', () => {
  it('does nothing while signed out or far from expiry', async () => {
    const out = setup({ expiry: null })
    await out.refresher.refreshIfDue()
    const fresh = setup({ expiry: 1_000_000 + REFRESH_AHEAD_MS + 1 })
    await fresh.refresher.refreshIfDue()
    expect(out.state.refreshes + fresh.state.refreshes).toBe(0)
  })

  it('refreshes once near expiry, however often it is asked, without reloading app data', async () => {
    const { state, refresher, release } = setup({ expiry: 1_000_000 + 60_000 })
    const calls = [refresher.refreshIfDue(), refresher.refreshIfDue(), refresher.refreshIfDue()]
    release()
    await Promise.all(calls)
    await refresher.refreshIfDue()
    expect(state.refreshes).toBe(1)
    expect(state.changes).toBe(0)
  })

  it('tells the app when the token had already expired, or the session ended', async () => {
    const expired = setup({ expiry: 1_000_000 - 1 })
    expired.release()
    await expired.refresher.refreshIfDue()
    expect(expired.state.changes).toBe(1)

    const ended = setup({ expiry: 1_000_000 + 1000, outcome: 'ended' })
    ended.release()
    await ended.refresher.refreshIfDue()
    expect(ended.state.changes).toBe(1)
  })

  it('survives a network failure and tries again on the next check', async () => {
    const { state, refresher, release } = setup({ expiry: 1_000_000 + 1000, outcome: new Error('offline') })
    release()
    await refresher.refreshIfDue()
    await refresher.refreshIfDue()
    expect(state.refreshes).toBe(2)
    expect(state.changes).toBe(0)
  })
})
