import { respondToInvitationRequestSchema, type WorkspaceResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { invitationRefOf, inviteeOf } from '../../core/workspaces/invitee'
import { toWorkspaceSummary } from '../../core/workspaces/workspace-summary'

/** Joins the workspace of an invitation, by its link's token or (verified email) its id. */
export default defineCoreHandler({
  surface: 'cloud',
  input: { body: respondToInvitationRequestSchema },
  access: { kind: 'signed-in' },
  async handle({ input, session, workspaces }): Promise<WorkspaceResponse> {
    const joined = await workspaces.acceptInvitation(invitationRefOf(input.body), inviteeOf(session))
    return { workspace: toWorkspaceSummary(joined, joined.role, session.activeWorkspaceId) }
  },
})
