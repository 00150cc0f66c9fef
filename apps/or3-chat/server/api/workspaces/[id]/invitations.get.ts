import { workspaceIdParamsSchema, type ListInvitationsResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../../core/pipeline/define-core-handler'
import { toInvitationSummary } from '../../../core/workspaces/invitation-summary'

/** Invitations of the workspace nobody answered yet (pending or expired), for its owners. */
export default defineCoreHandler({
  surface: 'cloud',
  input: { params: workspaceIdParamsSchema },
  access: { kind: 'workspace', permission: 'workspace.members.manage', workspaceId: (input) => input.params.id },
  async handle({ input, workspaces }): Promise<ListInvitationsResponse> {
    return { invitations: (await workspaces.listInvitations(input.params.id)).map(toInvitationSummary) }
  },
})
