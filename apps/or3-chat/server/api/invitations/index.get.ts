import type { ListInvitationsResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { toInvitationSummary } from '../../core/workspaces/invitation-summary'
import { inviteeOf } from '../../core/workspaces/invitee'

/** Pending invitations to the caller's email; none unless the auth provider verified that email. */
export default defineCoreHandler({
  surface: 'cloud',
  access: { kind: 'signed-in' },
  async handle({ session, workspaces }): Promise<ListInvitationsResponse> {
    return { invitations: (await workspaces.listInvitationsFor(inviteeOf(session))).map(toInvitationSummary) }
  },
})
