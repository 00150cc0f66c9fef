import { shallowRef, watch } from 'vue'
import type { SyncStatus } from '~/core/sync/sync-status'
import { useWorkspaceDb } from './useWorkspaceDb'

/** What a sync badge shows; `local` when nothing syncs (local-only mode, or nothing open yet). */
export type SyncStatusView = SyncStatus | { state: 'local'; pending: 0 }

export function useSyncStatus() {
  const { sync } = useWorkspaceDb()
  const status = shallowRef<SyncStatusView>({ state: 'local', pending: 0 })
  watch(
    sync,
    (engine, _previous, onCleanup) => {
      if (!engine) {
        status.value = { state: 'local', pending: 0 }
        return
      }
      onCleanup(engine.status.subscribe((next) => (status.value = next)))
    },
    { immediate: true },
  )
  return {
    status,
    syncNow: () => sync.value?.syncNow() ?? Promise.resolve(),
    retryFailed: () => sync.value?.retryFailed() ?? Promise.resolve(),
    discardFailed: () => sync.value?.discardFailed() ?? Promise.resolve(),
  }
}
