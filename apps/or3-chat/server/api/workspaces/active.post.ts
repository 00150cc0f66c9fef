import { setActiveWorkspaceRequestSchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

export default defineCoreHandler({
  surface: 'cloud',
  input: { body: setActiveWorkspaceRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.read', workspaceId: (input) => input.body.workspaceId },
  async handle({ input, session, workspaces }) {
    await workspaces.setActiveWorkspaceId(session.user.id, input.body.workspaceId)
    return { activeWorkspaceId: input.body.workspaceId }
  },
})
