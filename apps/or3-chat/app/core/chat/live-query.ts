import { liveQuery } from 'dexie'
import { shallowRef, watch, type ShallowRef, type WatchSource } from 'vue'

/**
 * A Vue ref that follows a Dexie query: it re-runs whenever a table it read changes (a local
 * write, a synced change, another tab) and whenever `source` changes. `query` gets the source's
 * value and returns null when there is nothing to read yet (no database open).
 */
export function useLiveQueryRef<S, T>(source: WatchSource<S>, query: (value: S) => (() => Promise<T>) | null, initial: T): ShallowRef<T> {
  const result = shallowRef<T>(initial)
  watch(
    source,
    (value, _previous, onCleanup) => {
      const run = query(value)
      if (!run) {
        result.value = initial
        return
      }
      const subscription = liveQuery(run).subscribe({
        next: (rows) => (result.value = rows),
        // A failed read (database closed during a workspace switch) keeps the last rows shown.
        error: () => undefined,
      })
      onCleanup(() => subscription.unsubscribe())
    },
    { immediate: true },
  )
  return result
}
