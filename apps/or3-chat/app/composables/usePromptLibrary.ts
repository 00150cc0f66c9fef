import { useLiveQueryRef } from '~/core/chat/live-query'
import { deletePrompt, listSavedPrompts, savePrompt, type PromptDraft, type SavedPrompt } from '~/core/prompts/prompt-library'
import { useWorkspaceDb } from './useWorkspaceDb'

/** Whether the prompt library is open; shared, so the composer's `/` menu can open it too. */
export function usePromptLibraryOpen() {
  return useState('or3-prompt-library-open', () => false)
}

/** The workspace's saved prompts and presets, live from the local database, and the edits to them. */
export function usePromptLibrary() {
  const { db, writer } = useWorkspaceDb()
  const prompts = useLiveQueryRef(() => {
    const open = db.value
    return open ? { db: open, read: () => listSavedPrompts(open) } : null
  }, [] as SavedPrompt[])

  function context() {
    if (!db.value || !writer.value) throw new Error('No workspace is open yet')
    return { db: db.value, writer: writer.value }
  }

  return {
    prompts,
    save: (draft: PromptDraft) => savePrompt(context(), draft),
    remove: (id: string) => deletePrompt(context().writer, id),
  }
}
