import { ProviderError, workspaceIdParamsSchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

export default defineCoreHandler({
  surface: 'cloud',
  input: { params: workspaceIdParamsSchema },
  access: { kind: 'workspace', permission: 'workspace.settings.manage', workspaceId: (input) => input.params.id },
  async handle({ input, session, workspaces }) {
    if (input.params.id === session.personalWorkspaceId) {
      throw new ProviderError('CONFLICT', 'Your personal workspace cannot be deleted')
    }
    await workspaces.removeWorkspace(input.params.id)
    // Members lose access at once; anyone who had it active falls back to their personal one.
    const activeWorkspaceId =
      session.activeWorkspaceId === input.params.id ? session.personalWorkspaceId : session.activeWorkspaceId
    return { removed: true, activeWorkspaceId }
  },
})
