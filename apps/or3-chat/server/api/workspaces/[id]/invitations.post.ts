import { setResponseStatus } from 'h3'
import { createInvitationRequestSchema, workspaceIdParamsSchema, type CreateInvitationResponse } from 'or3-provider-kit'
import { createInvitationToken } from 'or3-provider-kit/server'
import { defineCoreHandler } from '../../../core/pipeline/define-core-handler'
import { toInvitationSummary } from '../../../core/workspaces/invitation-summary'

/**
 * Invites an email with a role. Nothing here looks accounts up, so the answer is the same whether
 * or not anyone uses that email; the link (shown once, only its hash is kept) is for the owner to share.
 */
export default defineCoreHandler({
  surface: 'cloud',
  input: { params: workspaceIdParamsSchema, body: createInvitationRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.members.manage', workspaceId: (input) => input.params.id },
  async handle({ event, input, session, config, workspaces }): Promise<CreateInvitationResponse> {
    const { token, tokenHash } = createInvitationToken()
    const invitation = await workspaces.createInvitation({
      workspaceId: input.params.id,
      email: input.body.email,
      role: input.body.role,
      invitedByUserId: session.user.id,
      tokenHash,
      expiresAt: Date.now() + config.auth.invitationTtlMs,
    })
    setResponseStatus(event, 201)
    return { invitation: toInvitationSummary(invitation), invitePath: `/invite/${token}` }
  },
})
