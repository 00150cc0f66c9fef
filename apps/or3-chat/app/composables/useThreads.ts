import { computed, onScopeDispose, ref, watch } from 'vue'
import { useLiveQueryRef } from '~/core/chat/live-query'
import { groupThreadsByRecency } from '~/core/chat/thread-groups'
import { filterThreads, findThreadIdsMatching, normalizeQuery } from '~/core/chat/thread-search'
import { deleteThread, renameThread, setThreadPinned, type ChatWriteContext } from '~/core/chat/thread-writes'
import { listThreads } from '~/core/db/queries'
import { useWorkspaceDb } from './useWorkspaceDb'

const SEARCH_DEBOUNCE_MS = 150
const THREAD_LIMIT = 1000

/** The sidebar's search text, shared by the search box and the list. */
export function useThreadsQuery() {
  return useState('or3-thread-search', () => '')
}

/** The sidebar's threads: live from the local database, filtered by the search box, grouped by recency. */
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

  const threads = useLiveQueryRef(db, (open) => (open ? () => listThreads(open, { limit: THREAD_LIMIT }) : null), [])
  const matches = useLiveQueryRef(
    () => [db.value, settledQuery.value] as const,
    ([open, text]) => (open && normalizeQuery(text) ? () => findThreadIdsMatching(open, text) : null),
    new Set<string>(),
  )
  const groups = computed(() => groupThreadsByRecency(filterThreads(threads.value, settledQuery.value, matches.value), now.value))

  function context(): ChatWriteContext {
    if (!db.value || !writer.value) throw new Error('No workspace is open yet')
    return { db: db.value, writer: writer.value }
  }

  return {
    query,
    threads,
    groups,
    searching: computed(() => normalizeQuery(settledQuery.value) !== ''),
    rename: (threadId: string, title: string) => renameThread(context(), threadId, title),
    setPinned: (threadId: string, pinned: boolean) => setThreadPinned(context(), threadId, pinned),
    remove: (threadId: string) => deleteThread(context(), threadId),
  }
}
