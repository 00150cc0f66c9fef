import type { Database } from 'bun:sqlite'

export type VersionListener = (serverVersion: number) => void

/**
 * `watch` listeners, per connection and workspace. Kept per Database rather than per adapter so
 * every writer on the connection (the sync gateway, the notification emitter) wakes the same
 * listeners. In-process only: another server process on the same file is not heard, and its
 * clients fall back to polling.
 */
const listenersByDatabase = new WeakMap<Database, Map<string, Set<VersionListener>>>()

function listenersOf(db: Database): Map<string, Set<VersionListener>> {
  let byWorkspace = listenersByDatabase.get(db)
  if (!byWorkspace) {
    byWorkspace = new Map()
    listenersByDatabase.set(db, byWorkspace)
  }
  return byWorkspace
}

export function addVersionListener(db: Database, workspaceId: string, listener: VersionListener): () => void {
  const byWorkspace = listenersOf(db)
  let listeners = byWorkspace.get(workspaceId)
  if (!listeners) {
    listeners = new Set()
    byWorkspace.set(workspaceId, listeners)
  }
  // Wrapped so one function subscribed twice gets two independent subscriptions.
  const entry: VersionListener = (version) => listener(version)
  listeners.add(entry)
  return () => {
    listeners.delete(entry)
    if (listeners.size === 0 && byWorkspace.get(workspaceId) === listeners) byWorkspace.delete(workspaceId)
  }
}

/** Called after a commit, never inside the transaction: listeners may read what was written. */
export function notifyVersion(db: Database, workspaceId: string, serverVersion: number): void {
  const listeners = listenersByDatabase.get(db)?.get(workspaceId)
  if (!listeners) return
  for (const listener of [...listeners]) {
    try {
      listener(serverVersion)
    } catch (error) {
      // One broken subscriber (e.g. a closed SSE stream) must not stop the others or the push.
      console.error('[or3-provider-sqlite] a sync watch listener threw:', error)
    }
  }
}
