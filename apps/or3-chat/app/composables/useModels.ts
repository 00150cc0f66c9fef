import { createJsonClient, modelListResponseSchema } from 'or3-provider-kit'
import { computed, effectScope, ref, shallowRef, watch } from 'vue'
import { describeChatError, type ChatErrorView } from '~/core/chat/chat-error-view'
import { useLiveQueryRef } from '~/core/chat/live-query'
import { readModelCache, readUserLlmCredential, saveModelCache } from '~/core/chat/settings-store'
import { userKeyHeaders } from '~/core/chat/stream/chat-api'
import type { UserDeviceDatabase } from '~/core/settings/user-device-store'
import { useSettings } from './useSettings'
import { useUserDeviceDb } from './useUserDeviceDb'

/** A cached list older than this is fetched again (in the background) when the app opens. */
const MODEL_LIST_MAX_AGE_MS = 60 * 60 * 1000

// One fetch at a time for the whole page, and one automatic refresh per opened database.
const loading = ref(false)
const error = shallowRef<ChatErrorView | null>(null)
const checked = new WeakSet<UserDeviceDatabase>()
let followingKey = false
let refetch = false
let inflight: Promise<void> | null = null

/**
 * The models `/api/models` offers this user, cached in their database on this device, so the
 * picker works offline and opens instantly; refreshed when stale or on demand.
 */
export function useModels() {
  const { db } = useUserDeviceDb()
  const cache = useLiveQueryRef(() => {
    const open = db.value
    return open ? { db: open, read: () => readModelCache(open) } : null
  }, null)

  async function fetchList(): Promise<void> {
    const open = db.value
    if (!open) return
    loading.value = true
    error.value = null
    try {
      const credential = await readUserLlmCredential(open)
      const headers = userKeyHeaders({ userKey: credential?.key, userKeyEndpoint: credential?.endpoint })
      const list = await createJsonClient().request('/api/models', { headers, schema: modelListResponseSchema })
      await saveModelCache(open, list, Date.now())
    } catch (caught) {
      error.value = describeChatError(caught)
    } finally {
      loading.value = false
    }
  }

  /** Fetches the list; callers during a fetch share it, and one more fetch follows (the key may have changed). */
  function refresh(): Promise<void> {
    if (inflight) {
      refetch = true
      return inflight
    }
    inflight = fetchList().finally(() => {
      inflight = null
      if (refetch) {
        refetch = false
        void refresh()
      }
    })
    return inflight
  }

  /** The cached list, fetched first when there is none yet (a fresh device sending at once). */
  async function ensureList() {
    const open = db.value
    if (!open) return null
    if (inflight) await inflight
    if (!(await readModelCache(open)) && !error.value) await refresh()
    return readModelCache(open)
  }

  if (import.meta.client && !followingKey) {
    followingKey = true
    // A new key may unlock the list (or another provider's models): fetch it again.
    // Detached, with its own key query: it outlives the component that first asked for models.
    effectScope(true).run(() => {
      const { userKey, userKeyEndpoint } = useSettings()
      watch([userKey, userKeyEndpoint], (next, previous) => {
        if (next[0] !== previous[0] || next[1] !== previous[1]) void refresh()
      })
    })
  }

  if (import.meta.client) {
    watch(
      db,
      async (open) => {
        if (!open || checked.has(open)) return
        checked.add(open)
        const cached = await readModelCache(open)
        if (!cached || Date.now() - cached.fetchedAt > MODEL_LIST_MAX_AGE_MS) await refresh()
      },
      { immediate: true },
    )
  }

  return {
    models: computed(() => cache.value?.models ?? []),
    serverDefaultModel: computed(() => cache.value?.defaultModel ?? null),
    /** The server's endpoints when it has several (the picker groups by them); empty with one. */
    endpoints: computed(() => cache.value?.endpoints ?? []),
    /** Endpoints whose list could not be read on the last fetch, with the reason. */
    unavailableEndpoints: computed(() => cache.value?.unavailable ?? []),
    loading,
    error,
    refresh,
    ensureList,
  }
}
