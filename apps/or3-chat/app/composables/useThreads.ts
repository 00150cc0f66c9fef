import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { useLiveQueryRef } from '~/core/chat/live-query'
import { groupThreadsByRecency } from '~/core/chat/thread-groups'
import { findThreadIdsMatching, normalizeQuery } from '~/core/chat/thread-search'
import { deleteThread, renameThread, setThreadPinned, type ChatWriteContext } from '~/core/chat/thread-writes'
import { listThreads, threadsById } from '~/core/db/queries'
import type { ThreadRow } from '~/core/db/synced-rows'
import { useWorkspaceDb } from './useWorkspaceDb'

const SEARCH_DEBOUNCE_MS = 150
/** Threads read per page: a screenful and then some; the list asks for more as it scrolls. */
export const THREAD_PAGE = 100

/** The sidebar's search text, shared by the search box and the list. */
export function useThreadsQuery() {
  return useState('or3-thread-search', () => '')
}

/**
 * The sidebar's threads: live from the local database a page at a time (`showMore` reads the
 * next page), or the threads a search finds, grouped by recency.
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

  // How many threads to read, per database: another workspace starts again at one page.
  // (Shallow: a deep ref would hand back a proxy of the database, never equal to it.)
  const shown = shallowRef<{ db: unknown; limit: number }>({ db: null, limit: THREAD_PAGE })
  const limit = computed(() => (shown.value.db === db.value ? shown.value.limit : THREAD_PAGE))
  const threads = useLiveQueryRef(() => {
    const [open, count] = [db.value, limit.value]
    return open ? { db: open, read: () => listThreads(open, { limit: count }) } : null
  }, [] as ThreadRow[])
  const searching = computed(() => normalizeQuery(settledQuery.value) !== '')
  const matches = useLiveQueryRef(() => {
    const [open, text] = [db.value, settledQuery.value]
    return open && normalizeQuery(text) ? { db: open, read: () => findThreadIdsMatching(open, text) } : null
  }, new Set<string>())
  const found = useLiveQueryRef(() => {
    const [open, ids] = [db.value, matches.value]
    return open && ids.size ? { db: open, read: () => threadsById(open, ids) } : null
  }, [] as ThreadRow[])
  const groups = computed(() => groupThreadsByRecency(searching.value ? found.value : threads.value, now.value))

  function context(): ChatWriteContext {
    if (!db.value || !writer.value) throw new Error('No workspace is open yet')
    return { db: db.value, writer: writer.value }
  }

  return {
    query,
    threads,
    groups,
    searching,
    /** True while the list may have more threads than it read. */
    hasMore: computed(() => !searching.value && threads.value.length >= limit.value),
    showMore() {
      if (threads.value.length >= limit.value) shown.value = { db: db.value, limit: limit.value + THREAD_PAGE }
    },
    rename: (threadId: string, title: string) => renameThread(context(), threadId, title),
    setPinned: (threadId: string, pinned: boolean) => setThreadPinned(context(), threadId, pinned),
    remove: (threadId: string) => deleteThread(context(), threadId),
  }
}
