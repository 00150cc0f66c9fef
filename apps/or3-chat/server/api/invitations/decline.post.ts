import { respondToInvitationRequestSchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { invitationRefOf, inviteeOf } from '../../core/workspaces/invitee'

export default defineCoreHandler({
  surface: 'cloud',
  input: { body: respondToInvitationRequestSchema },
  access: { kind: 'signed-in' },
  async handle({ input, session, workspaces }) {
    await workspaces.declineInvitation(invitationRefOf(input.body), inviteeOf(session))
    return { declined: true }
  },
})
