import type { InvitationRef, Invitee, RespondToInvitationRequest } from 'or3-provider-kit'
import { hashInvitationToken } from 'or3-provider-kit/server'
import type { Or3Session } from '../session/session-context'

/** The signed-in caller as the one answering an invitation: the email counts only when verified. */
export function inviteeOf(session: Or3Session): Invitee {
  return { userId: session.user.id, email: session.user.email, emailVerified: session.emailVerified }
}

/** A link's token never reaches the store: it is looked up by its hash. */
export function invitationRefOf(body: RespondToInvitationRequest): InvitationRef {
  return 'token' in body ? { tokenHash: hashInvitationToken(body.token) } : { invitationId: body.invitationId }
}
