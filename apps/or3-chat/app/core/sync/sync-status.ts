import type { BulkProgress } from '../db/change-feed'

/**
 * What the UI shows about sync: everything is on the server (`synced`), n changes are on their
 * way (`syncing`, with how far a bootstrap or a long catch-up got), the server cannot be reached
 * and n changes wait on this device (`offline`), or something needs the user (`error`: a change
 * the server refused, or access was lost).
 */
export type SyncStatus =
  | { state: 'synced'; pending: 0 }
  | { state: 'syncing'; pending: number; progress?: BulkProgress }
  | { state: 'offline'; pending: number }
  | { state: 'error'; pending: number; message: string; failedOps: number }

export interface SyncStatusStore {
  get(): SyncStatus
  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void
  set(status: SyncStatus): void
}

export const INITIAL_SYNC_STATUS: SyncStatus = { state: 'syncing', pending: 0 }

export function createSyncStatusStore(initial: SyncStatus = INITIAL_SYNC_STATUS): SyncStatusStore {
  let current = initial
  const listeners = new Set<(status: SyncStatus) => void>()
  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener)
      listener(current)
      return () => listeners.delete(listener)
    },
    set(status) {
      if (sameStatus(current, status)) return
      current = status
      for (const listener of [...listeners]) listener(status)
    },
  }
}

function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  if (a.state !== b.state || a.pending !== b.pending) return false
  if (a.state === 'error' && b.state === 'error') return a.message === b.message && a.failedOps === b.failedOps
  if (a.state === 'syncing' && b.state === 'syncing') return a.progress?.done === b.progress?.done && a.progress?.total === b.progress?.total
  return true
}
