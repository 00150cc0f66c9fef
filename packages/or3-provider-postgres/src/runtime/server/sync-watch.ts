import type { PostgresDatabase } from './database'

export type VersionListener = (serverVersion: number) => void

/**
 * `watch` through LISTEN/NOTIFY. Every push NOTIFYs the schema's channel inside its transaction,
 * so PostgreSQL announces each committed version to every connection listening, whichever server
 * instance wrote it: a device connected to any instance hears a change written through any other.
 *
 * One hub per database handle: one LISTEN connection (the client's dedicated one) fans out to this
 * process's listeners by workspace. Versions only go up per workspace, so a stale or repeated one
 * is dropped. When the LISTEN connection comes back after a drop, the hub reads the latest version
 * of every watched workspace, so a change committed while it was away is still announced.
 */
export interface WatchHub {
  add(workspaceId: string, listener: VersionListener): () => void
  /** Resolves once LISTEN is active (at once when nothing in this process watches). */
  listening(): Promise<void>
}

interface Watched {
  listeners: Set<VersionListener>
  last: number
}

const hubs = new WeakMap<PostgresDatabase, WatchHub>()

export function watchHub(db: PostgresDatabase): WatchHub {
  let hub = hubs.get(db)
  if (!hub) {
    hub = createWatchHub(db)
    hubs.set(db, hub)
  }
  return hub
}

function createWatchHub(db: PostgresDatabase): WatchHub {
  const watched = new Map<string, Watched>()
  let started: Promise<void> | null = null
  let listens = 0

  function announce(workspaceId: string, version: number) {
    const entry = watched.get(workspaceId)
    if (!entry || version <= entry.last) return
    entry.last = version
    for (const listener of [...entry.listeners]) {
      try {
        listener(version)
      } catch (error) {
        // One broken subscriber (e.g. a closed SSE stream) must not stop the others.
        console.error('[or3-provider-postgres] a sync watch listener threw:', error)
      }
    }
  }

  function onNotify(payload: string) {
    try {
      const { w, v } = JSON.parse(payload) as { w?: unknown; v?: unknown }
      if (typeof w === 'string' && typeof v === 'number') announce(w, v)
    } catch {
      // Not one of ours: the channel is this schema's, but anyone with access may NOTIFY it.
    }
  }

  async function catchUp() {
    const ids = [...watched.keys()]
    if (ids.length === 0) return
    try {
      const sql = await db.ready()
      const rows = await sql<{ workspace_id: string; version: number }[]>`
        SELECT workspace_id, version FROM sync_workspace_versions WHERE workspace_id = ANY(${ids}::text[])`
      for (const row of rows) announce(row.workspace_id, row.version)
    } catch (error) {
      console.error('[or3-provider-postgres] reading versions after LISTEN reconnected failed:', error)
    }
  }

  function start(): Promise<void> {
    // The client calls back on every LISTEN it (re)establishes; only a re-LISTEN can have missed something.
    const onListen = () => {
      if (listens++ > 0) void catchUp()
    }
    started ??= db.sql.listen(db.channel, onNotify, onListen).then(
      () => undefined,
      (error: unknown) => {
        started = null
        console.error('[or3-provider-postgres] LISTEN failed; devices fall back to polling:', error)
      },
    )
    return started
  }

  return {
    add(workspaceId, listener) {
      let entry = watched.get(workspaceId)
      if (!entry) {
        entry = { listeners: new Set(), last: 0 }
        watched.set(workspaceId, entry)
      }
      // Wrapped so one function subscribed twice gets two independent subscriptions.
      const wrapped: VersionListener = (version) => listener(version)
      entry.listeners.add(wrapped)
      void start()
      const owner = entry
      return () => {
        owner.listeners.delete(wrapped)
        if (owner.listeners.size === 0 && watched.get(workspaceId) === owner) watched.delete(workspaceId)
      }
    },
    listening: () => started ?? Promise.resolve(),
  }
}
