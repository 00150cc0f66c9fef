import { ProviderError, previewInvitationRequestSchema, type InvitationResponse } from 'or3-provider-kit'
import { hashInvitationToken } from 'or3-provider-kit/server'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { toInvitationSummary } from '../../core/workspaces/invitation-summary'

/** What an invite link offers (workspace, role, inviter, status), so the invitee can decide. */
export default defineCoreHandler({
  surface: 'cloud',
  input: { body: previewInvitationRequestSchema },
  access: { kind: 'signed-in' },
  async handle({ input, workspaces }): Promise<InvitationResponse> {
    const invitation = await workspaces.findInvitationByTokenHash(hashInvitationToken(input.body.token))
    if (!invitation) throw new ProviderError('NOT_FOUND', 'This invite link is not valid: ask the workspace owner for a new one')
    return { invitation: toInvitationSummary(invitation) }
  },
})
