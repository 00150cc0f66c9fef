import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { useLiveQueryRef } from '~/core/chat/live-query'
import { groupThreadsByRecency } from '~/core/chat/thread-groups'
import { countThreadGroups, layoutThreadList, readThreadWindow, type ThreadListLayout } from '~/core/chat/thread-list-layout'
import { findThreadMatches, normalizeQuery, type MatchParts, type ThreadMatches } from '~/core/chat/thread-search'
import { deleteThread, renameThread, setThreadArchived, setThreadPinned, type ChatWriteContext } from '~/core/chat/thread-writes'
import { listArchivedThreads, threadsById } from '~/core/db/queries'
import type { ThreadRow } from '~/core/db/synced-rows'
import { useWorkspaceDb } from './useWorkspaceDb'

const SEARCH_DEBOUNCE_MS = 150
/** Threads read around the ones in view: a few screens, wherever the list is scrolled. */
export const THREAD_WINDOW = 200
/** Read a new window when the view comes this close to an end of the current one. */
const WINDOW_MARGIN = 40

/** The sidebar's search text, shared by the search box and the list. */
export function useThreadsQuery() {
  return useState('or3-thread-search', () => '')
}

/** What the sidebar shows: its rows (from the group counts) and the threads read so far. */
export interface ThreadListView {
  layout: ThreadListLayout
  /** The thread at a position of the sidebar's order; null while it is not read yet. */
  threadAt(position: number): ThreadRow | null
  /** Searching: where a thread's messages matched (null when only its title did, or browsing). */
  snippetOf(threadId: string): MatchParts | null
}

/**
 * The sidebar's threads, grouped by recency. Browsing, the groups are counted on the index and
 * only a window of threads around the view is read (`showPositions` moves it), so memory and
 * reads stay the same for fifty threads or ten thousand. Searching, the found threads are read.
 */
export function useThreads() {
  const { db, writer } = useWorkspaceDb()
  const query = useThreadsQuery()
  const settledQuery = ref(query.value)
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(query, (value) => {
    clearTimeout(timer)
    timer = setTimeout(() => (settledQuery.value = value), SEARCH_DEBOUNCE_MS)
  })

  // "Today" must roll over at midnight even when nothing is written.
  const now = ref(Date.now())
  if (import.meta.client) {
    const clock = setInterval(() => (now.value = Date.now()), 60_000)
    onScopeDispose(() => {
      clearInterval(clock)
      clearTimeout(timer)
    })
  }

  // Where the window starts, per database: another workspace starts at the top.
  // (Shallow: a deep ref would hand back a proxy of the database, never equal to it.)
  const windowAt = shallowRef<{ db: unknown; start: number }>({ db: null, start: 0 })
  const start = computed(() => (windowAt.value.db === db.value ? windowAt.value.start : 0))
  const counts = useLiveQueryRef(() => {
    const [open, at] = [db.value, now.value]
    return open ? { db: open, read: () => countThreadGroups(open, at) } : null
  }, [])
  const loaded = useLiveQueryRef(() => {
    const [open, from] = [db.value, start.value]
    return open ? { db: open, read: () => readThreadWindow(open, from, THREAD_WINDOW) } : null
  }, { start: 0, rows: [] as ThreadRow[] })

  const searching = computed(() => normalizeQuery(settledQuery.value) !== '')
  const matches = useLiveQueryRef(() => {
    const [open, text] = [db.value, settledQuery.value]
    return open && normalizeQuery(text) ? { db: open, read: () => findThreadMatches(open, text) } : null
  }, new Map() as ThreadMatches)
  const found = useLiveQueryRef(() => {
    const [open, hits] = [db.value, matches.value]
    return open && hits.size ? { db: open, read: () => threadsById(open, hits.keys()) } : null
  }, [] as ThreadRow[])

  const list = computed<ThreadListView>(() => {
    if (searching.value) {
      const groups = groupThreadsByRecency(found.value, now.value)
      const threads = groups.flatMap((group) => group.threads)
      const hits = matches.value
      return {
        layout: layoutThreadList(groups.map((group) => ({ id: group.id, count: group.threads.length }))),
        threadAt: (p) => threads[p] ?? null,
        snippetOf: (threadId) => hits.get(threadId) ?? null,
      }
    }
    const { start: from, rows } = loaded.value
    return { layout: layoutThreadList(counts.value), threadAt: (p) => rows[p - from] ?? null, snippetOf: () => null }
  })

  function context(): ChatWriteContext {
    if (!db.value || !writer.value) throw new Error('No workspace is open yet')
    return { db: db.value, writer: writer.value }
  }

  return {
    query,
    /** The settled search text, normalized ('' when browsing), for highlighting matches. */
    needle: computed(() => normalizeQuery(settledQuery.value)),
    list,
    searching,
    /** The view shows positions first..last: read a new window when it nears an end of this one. */
    showPositions(first: number, last: number) {
      if (searching.value) return
      const from = start.value
      const nearStart = from > 0 && first < from + WINDOW_MARGIN
      const nearEnd = last > from + THREAD_WINDOW - WINDOW_MARGIN
      if (nearStart || nearEnd) windowAt.value = { db: db.value, start: Math.max(0, first - Math.floor((THREAD_WINDOW - (last - first)) / 2)) }
    },
    rename: (threadId: string, title: string) => renameThread(context(), threadId, title),
    setPinned: (threadId: string, pinned: boolean) => setThreadPinned(context(), threadId, pinned),
    setArchived: (threadId: string, archived: boolean) => setThreadArchived(context(), threadId, archived),
    remove: (threadId: string) => deleteThread(context(), threadId),
  }
}

/** The workspace's archived threads, the most recently archived first (the Archived view). */
export function useArchivedThreads() {
  const { db, writer } = useWorkspaceDb()
  const threads = useLiveQueryRef(() => {
    const open = db.value
    return open ? { db: open, read: () => listArchivedThreads(open) } : null
  }, [] as ThreadRow[])
  return {
    threads,
    unarchive(threadId: string) {
      if (!db.value || !writer.value) throw new Error('No workspace is open yet')
      return setThreadArchived({ db: db.value, writer: writer.value }, threadId, false)
    },
  }
}
