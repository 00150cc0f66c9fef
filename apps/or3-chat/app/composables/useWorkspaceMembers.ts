import { describeFailure, type CreateInvitationRequest, type InvitationSummary, type MemberSummary, type WorkspaceRole } from 'or3-provider-kit'
import { ref, type Ref } from 'vue'
import { useWorkspaceApi } from './useWorkspaceApi'

/**
 * Members and unanswered invitations of one workspace, and what an owner does with them. Every
 * action reloads what it changed from the server's answer; a failure leaves its sentence in `error`.
 */
export function useWorkspaceMembers(workspaceId: Ref<string>, canManage: Ref<boolean>) {
  const api = useWorkspaceApi()
  const members = ref<MemberSummary[]>([])
  const invitations = ref<InvitationSummary[]>([])
  /** The link of the invitation just created: shown once, only its hash is kept on the server. */
  const newInviteLink = ref<{ email: string; url: string } | null>(null)
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function run(action: () => Promise<void>, failure: string): Promise<boolean> {
    busy.value = true
    error.value = null
    try {
      await action()
      return true
    } catch (e) {
      error.value = describeFailure(e, failure).message
      return false
    } finally {
      busy.value = false
    }
  }

  const load = () =>
    run(async () => {
      const [memberList, invitationList] = await Promise.all([
        api.listMembers(workspaceId.value),
        canManage.value ? api.listInvitations(workspaceId.value) : Promise.resolve([]),
      ])
      members.value = memberList
      invitations.value = invitationList
    }, 'Could not load the members')

  return {
    members,
    invitations,
    newInviteLink,
    busy,
    error,
    load,
    invite: (input: CreateInvitationRequest) =>
      run(async () => {
        const { invitePath } = await api.invite(workspaceId.value, input)
        newInviteLink.value = { email: input.email, url: new URL(invitePath, window.location.origin).href }
        invitations.value = await api.listInvitations(workspaceId.value)
      }, 'Could not create the invitation'),
    revoke: (invitationId: string) =>
      run(async () => {
        invitations.value = await api.revokeInvitation(workspaceId.value, invitationId)
      }, 'Could not withdraw the invitation'),
    changeRole: (userId: string, role: WorkspaceRole) =>
      run(async () => {
        members.value = await api.setMemberRole(workspaceId.value, userId, role)
      }, 'Could not change the role'),
    remove: (userId: string) =>
      run(async () => {
        members.value = await api.removeMember(workspaceId.value, userId)
      }, 'Could not remove the member'),
  }
}
