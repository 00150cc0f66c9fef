import { workspaceIdParamsSchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

export default defineCoreHandler({
  surface: 'cloud',
  input: { params: workspaceIdParamsSchema },
  access: { kind: 'workspace', permission: 'workspace.settings.manage', workspaceId: (input) => input.params.id },
  async handle({ input, session, workspaces }) {
    // The store refuses personal workspaces (anyone's, not only the caller's) with a CONFLICT.
    await workspaces.removeWorkspace(input.params.id)
    // Members lose access at once; anyone who had it active falls back to their personal one.
    const activeWorkspaceId =
      session.activeWorkspaceId === input.params.id ? session.personalWorkspaceId : session.activeWorkspaceId
    return { removed: true, activeWorkspaceId }
  },
})
