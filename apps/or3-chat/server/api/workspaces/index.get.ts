import type { ListWorkspacesResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { toWorkspaceSummary } from '../../core/workspaces/workspace-summary'

export default defineCoreHandler({
  surface: 'cloud',
  access: { kind: 'signed-in' },
  async handle({ session, workspaces }): Promise<ListWorkspacesResponse> {
    const memberships = await workspaces.listWorkspaces(session.user.id)
    return {
      workspaces: memberships.map((m) => toWorkspaceSummary(m, m.role, session.activeWorkspaceId)),
      activeWorkspaceId: session.activeWorkspaceId,
    }
  },
})
