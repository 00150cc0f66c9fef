/**
 * What readers of a workspace database hear besides Dexie's own change events. During bulk work
 * (a new device's snapshot, a long catch-up pull) Dexie announces every page it stores; a live
 * query that re-ran on each would re-render its list dozens of times and hold every result in
 * between. So while `bulk` is set, live queries hold still and refresh on `bulk-progress` (at
 * their own pace) and at once after a local write, since the user's own change must show.
 */
export interface BulkProgress {
  /** Rows stored so far in this bulk run. */
  done: number
  /** Rows expected in all, when the server said; null when it is not known. */
  total: number | null
  /** A point readers should show at once (e.g. the sidebar's rows are all in). */
  milestone?: boolean
}

export type ChangeFeedEvent =
  | { type: 'bulk-start' }
  | { type: 'bulk-progress'; progress: BulkProgress }
  | { type: 'bulk-end' }
  | { type: 'local-write' }

export interface ChangeFeed {
  /** True between bulk-start and bulk-end. */
  readonly bulk: boolean
  emit(event: ChangeFeedEvent): void
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ChangeFeedEvent) => void): () => void
}

export function createChangeFeed(): ChangeFeed {
  const listeners = new Set<(event: ChangeFeedEvent) => void>()
  let bulk = false
  return {
    get bulk() {
      return bulk
    },
    emit(event) {
      if (event.type === 'bulk-start') bulk = true
      if (event.type === 'bulk-end') bulk = false
      for (const listener of [...listeners]) listener(event)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
