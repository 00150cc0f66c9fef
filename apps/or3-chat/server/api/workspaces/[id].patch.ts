import {
  updateWorkspaceRequestSchema,
  workspaceIdParamsSchema,
  type WorkspaceResponse,
} from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { toWorkspaceSummary } from '../../core/workspaces/workspace-summary'

export default defineCoreHandler({
  surface: 'cloud',
  input: { params: workspaceIdParamsSchema, body: updateWorkspaceRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.settings.manage', workspaceId: (input) => input.params.id },
  async handle({ input, session, workspaces }): Promise<WorkspaceResponse> {
    const updated = await workspaces.updateWorkspace(input.params.id, input.body)
    return { workspace: toWorkspaceSummary(updated, 'owner', session.activeWorkspaceId) }
  },
})
