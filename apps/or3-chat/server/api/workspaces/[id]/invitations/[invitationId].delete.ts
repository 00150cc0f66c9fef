import { invitationParamsSchema, type ListInvitationsResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../../../core/pipeline/define-core-handler'
import { toInvitationSummary } from '../../../../core/workspaces/invitation-summary'

/** Withdraws an invitation: its link stops working at once. */
export default defineCoreHandler({
  surface: 'cloud',
  input: { params: invitationParamsSchema },
  access: { kind: 'workspace', permission: 'workspace.members.manage', workspaceId: (input) => input.params.id },
  async handle({ input, workspaces }): Promise<ListInvitationsResponse> {
    await workspaces.revokeInvitation(input.params.id, input.params.invitationId)
    return { invitations: (await workspaces.listInvitations(input.params.id)).map(toInvitationSummary) }
  },
})
