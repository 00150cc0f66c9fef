import { liveQuery, type Dexie } from 'dexie'
import { shallowRef, watch, type ShallowRef } from 'vue'
import type { ChangeFeedEvent } from '../db/change-feed'
import { WorkspaceDatabase } from '../db/workspace-database'

/**
 * A read of one database; `read` is re-run whenever what it read changes. A workspace database
 * (the one that syncs) also holds its readers still during bulk work, through its change feed.
 */
export interface LiveRead<T> {
  db: Dexie
  read: () => Promise<T>
}

/** How often a live query refreshes while bulk work holds it still. */
export const BULK_REFRESH_MS = 500

/**
 * A Vue ref that follows a Dexie query. `live` is reactive: it returns what to read (or null
 * while there is nothing to read, e.g. no database open) and is re-evaluated when the refs it
 * reads change. Normally the read re-runs whenever a table it read changes (a local write, a
 * synced change, another tab). While the database's change feed says bulk work runs, it holds
 * still and refreshes every BULK_REFRESH_MS, at a milestone, and on the next frame after a local
 * write; when the bulk work ends it follows Dexie again.
 */
export function useLiveQueryRef<T>(live: () => LiveRead<T> | null, initial: T): ShallowRef<T> {
  const result = shallowRef<T>(initial)
  watch(
    live,
    (current, _previous, onCleanup) => {
      if (!current) {
        result.value = initial
        return
      }
      onCleanup(
        followRead(current, (rows) => {
          // Re-reads that found the same rows (a page of other threads' messages landed) change nothing on screen.
          if (!sameRows(result.value, rows)) result.value = rows
        }),
      )
    },
    { immediate: true },
  )
  return result
}

/** Delivers `read`'s results to `deliver` until the returned function is called. */
function followRead<T>({ db, read }: LiveRead<T>, deliver: (rows: T) => void): () => void {
  let closed = false
  let subscription: { unsubscribe(): void } | null = null
  let generation = 0
  let lastRefresh = 0
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let frameRequested = false

  const follow = () => {
    subscription = liveQuery(read).subscribe({
      next: (rows) => !closed && deliver(rows),
      // A failed read (database closed during a workspace switch) keeps the last rows shown.
      error: () => undefined,
    })
  }
  const unfollow = () => {
    subscription?.unsubscribe()
    subscription = null
  }
  // Results of a read started before a newer one (or before closing) are dropped.
  const refresh = () => {
    if (closed) return
    lastRefresh = Date.now()
    const mine = ++generation
    read().then(
      (rows) => !closed && mine === generation && deliver(rows),
      () => undefined,
    )
  }
  const refreshSoon = () => {
    if (refreshTimer) return
    refreshTimer = setTimeout(() => {
      refreshTimer = null
      refresh()
    }, Math.max(0, lastRefresh + BULK_REFRESH_MS - Date.now()))
  }
  const refreshNextFrame = () => {
    if (frameRequested) return
    frameRequested = true
    const run = () => {
      frameRequested = false
      refresh()
    }
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run)
    else setTimeout(run, 16)
  }

  const onEvent = (event: ChangeFeedEvent) => {
    switch (event.type) {
      case 'bulk-start':
        // What the first page brought shows at once; later pages at the bulk pace.
        unfollow()
        refresh()
        return
      case 'bulk-progress':
        if (event.progress.milestone) refresh()
        else refreshSoon()
        return
      case 'local-write':
        if (feed?.bulk) refreshNextFrame()
        return
      case 'bulk-end':
        if (refreshTimer) clearTimeout(refreshTimer)
        refreshTimer = null
        ++generation
        if (!subscription) follow()
    }
  }
  const feed = db instanceof WorkspaceDatabase ? db.changeFeed : undefined
  const unsubscribeFeed = feed?.subscribe(onEvent)
  if (feed?.bulk) refresh()
  else follow()

  return () => {
    closed = true
    unsubscribeFeed?.()
    unfollow()
    if (refreshTimer) clearTimeout(refreshTimer)
  }
}

/**
 * Whether two results hold the same rows: the same values, or synced rows (or lists of them)
 * at the same write (`op_id` and `hlc` change with every local or remote write of a row).
 */
export function sameRows(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((row, i) => sameRow(row, b[i]))
  return sameRow(a, b)
}

function sameRow(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (!isWritten(a) || !isWritten(b)) return false
  return a.op_id === b.op_id && a.hlc === b.hlc
}

const isWritten = (row: unknown): row is { op_id: string; hlc: string } =>
  typeof row === 'object' && row !== null && typeof (row as { op_id?: unknown }).op_id === 'string' && typeof (row as { hlc?: unknown }).hlc === 'string'
