import type { InvitationRecord, InvitationSummary } from 'or3-provider-kit'

export function toInvitationSummary(invitation: InvitationRecord): InvitationSummary {
  return {
    id: invitation.id,
    workspaceId: invitation.workspaceId,
    workspaceName: invitation.workspaceName,
    email: invitation.email,
    role: invitation.role,
    invitedByName: invitation.invitedByName,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    status: invitation.status,
  }
}
