import { describeFailure, type RespondToInvitationRequest, type WorkspaceSummary } from 'or3-provider-kit'
import { ref } from 'vue'
import { useOr3Session } from './useOr3Session'
import { useWorkspaceApi } from './useWorkspaceApi'
import { useWorkspaceDb } from './useWorkspaceDb'

/** Accepting (then opening the workspace) or declining an invitation, by its link's token or its id. */
export function useInvitationAnswer() {
  const api = useWorkspaceApi()
  const { manager } = useWorkspaceDb()
  const { refresh } = useOr3Session()
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function answer<T>(action: () => Promise<T>, failure: string): Promise<T | null> {
    busy.value = true
    error.value = null
    try {
      return await action()
    } catch (e) {
      error.value = describeFailure(e, failure).message
      return null
    } finally {
      busy.value = false
    }
  }

  return {
    busy,
    error,
    /** Joins and switches to the workspace; null (and `error`) when refused. */
    accept: (ref: RespondToInvitationRequest): Promise<WorkspaceSummary | null> =>
      answer(async () => {
        const workspace = await api.acceptInvitation(ref)
        if (manager) await manager.switchTo(workspace.id)
        await refresh()
        return workspace
      }, 'Could not join the workspace'),
    decline: async (ref: RespondToInvitationRequest): Promise<boolean> =>
      (await answer(async () => {
        await api.declineInvitation(ref)
        return true
      }, 'Could not decline the invitation')) ?? false,
  }
}
