import { computed } from 'vue'
import { useLiveQueryRef } from '~/core/chat/live-query'
import { readDefaultModel, readUserLlmKey, saveDefaultModel, saveUserLlmKey } from '~/core/chat/settings-store'
import { useWorkspaceDb } from './useWorkspaceDb'

/**
 * The chat settings of the open workspace: the user's own LLM key (on this device only) and the
 * default model (synced). `settingsOpen` lets any component open the settings modal, e.g. the
 * "add a key" notice of a failed answer.
 */
export function useSettings() {
  const { db, writer } = useWorkspaceDb()
  const userKey = useLiveQueryRef(db, (open) => (open ? () => readUserLlmKey(open) : null), null)
  const defaultModel = useLiveQueryRef(db, (open) => (open ? () => readDefaultModel(open) : null), null)
  const settingsOpen = useState('or3-settings-open', () => false)

  function requireWriter() {
    if (!writer.value) throw new Error('Settings are saved once a workspace is open')
    return writer.value
  }

  return {
    userKey,
    hasUserKey: computed(() => Boolean(userKey.value)),
    defaultModel,
    settingsOpen,
    setUserKey: (key: string | null) => saveUserLlmKey(requireWriter(), key),
    setDefaultModel: (model: string | null) => saveDefaultModel(requireWriter(), model),
  }
}
