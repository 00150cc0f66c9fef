import { useLiveQueryRef } from '~/core/chat/live-query'
import { deleteModelPreset, listModelPresets, saveModelPreset, type ModelPreset } from '~/core/chat/model-presets'
import type { ModelSettings } from '~/core/chat/model-settings'
import { useWorkspaceDb } from './useWorkspaceDb'

/** The workspace's saved model settings (model-presets.ts), live, with save and delete. */
export function useModelPresets() {
  const { db, writer } = useWorkspaceDb()
  const presets = useLiveQueryRef(() => {
    const open = db.value
    return open ? { db: open, read: () => listModelPresets(open) } : null
  }, [] as ModelPreset[])

  function requireOpen() {
    if (!db.value || !writer.value) throw new Error('Presets are saved once your chats are open')
    return { db: db.value, writer: writer.value }
  }

  return {
    presets,
    save(name: string, settings: ModelSettings) {
      const open = requireOpen()
      return saveModelPreset(open.db, open.writer, { name, settings })
    },
    remove: (id: string) => deleteModelPreset(requireOpen().writer, id),
  }
}
