import { createWorkspaceRequestSchema, type WorkspaceResponse } from 'or3-provider-kit'
import { setResponseStatus } from 'h3'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { toWorkspaceSummary } from '../../core/workspaces/workspace-summary'

export default defineCoreHandler({
  surface: 'cloud',
  input: { body: createWorkspaceRequestSchema },
  access: { kind: 'signed-in' },
  async handle({ event, input, session, workspaces }): Promise<WorkspaceResponse> {
    const created = await workspaces.createWorkspace(session.user.id, input.body)
    setResponseStatus(event, 201)
    return { workspace: toWorkspaceSummary(created, created.role, session.activeWorkspaceId) }
  },
})
