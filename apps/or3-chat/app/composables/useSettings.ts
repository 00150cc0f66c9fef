import { computed } from 'vue'
import { useLiveQueryRef } from '~/core/chat/live-query'
import { readDefaultModel, readUserLlmKey, readUserLlmKeyEndpoint, saveDefaultModel, saveUserLlmKey, saveUserLlmKeyEndpoint } from '~/core/chat/settings-store'
import { useUserDeviceDb } from './useUserDeviceDb'

/**
 * The chat settings of the signed-in user on this device: their own LLM key and the default
 * model for new chats (neither syncs; see settings-store.ts). `settingsOpen` lets any component
 * open the settings modal, e.g. the "add a key" notice of a failed answer.
 */
export function useSettings() {
  const { db } = useUserDeviceDb()
  const userKey = useLiveQueryRef(() => {
    const open = db.value
    return open ? { db: open, read: () => readUserLlmKey(open) } : null
  }, null)
  const userKeyEndpoint = useLiveQueryRef(() => {
    const open = db.value
    return open ? { db: open, read: () => readUserLlmKeyEndpoint(open) } : null
  }, null)
  const defaultModel = useLiveQueryRef(() => {
    const open = db.value
    return open ? { db: open, read: () => readDefaultModel(open) } : null
  }, null)
  const settingsOpen = useState('or3-settings-open', () => false)

  function requireDb() {
    if (!db.value) throw new Error('Settings are saved once you are signed in')
    return db.value
  }

  return {
    userKey,
    hasUserKey: computed(() => Boolean(userKey.value)),
    /** The endpoint the key is for (several endpoints only); null: the server's default one. */
    userKeyEndpoint,
    defaultModel,
    settingsOpen,
    /** Whether settings can be saved now (a user's database is open). */
    ready: computed(() => db.value !== null),
    setUserKey: (key: string | null) => saveUserLlmKey(requireDb(), key),
    setUserKeyEndpoint: (endpointId: string | null) => saveUserLlmKeyEndpoint(requireDb(), endpointId),
    setDefaultModel: (model: string | null) => saveDefaultModel(requireDb(), model),
  }
}
