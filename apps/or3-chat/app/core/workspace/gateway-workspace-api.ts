import {
  createInvitationResponseSchema,
  invitationResponseSchema,
  listInvitationsResponseSchema,
  listMembersResponseSchema,
  listWorkspacesResponseSchema,
  workspaceResponseSchema,
  type CreateWorkspaceRequest,
  type UpdateWorkspaceRequest,
  createJsonClient,
  type JsonClientOptions,
  type JsonRequestOptions,
  type WorkspaceApi,
} from 'or3-provider-kit'
import type { z } from 'zod'

/**
 * Core's WorkspaceApi: every workspace, member and invitation operation goes through
 * /api/workspaces and /api/invitations, with the kit's client. Answers are validated, so the UI
 * never renders a body that is not the protocol's; failures are ProviderErrors carrying the
 * server's sentence (`describeFailure` shows them).
 */
export function createGatewayWorkspaceApi(options: JsonClientOptions = {}): WorkspaceApi {
  const http = createJsonClient(options)
  const call = <S extends z.ZodType>(path: string, schema: S, request: Omit<JsonRequestOptions, 'schema'> = {}) =>
    http.request(path, { ...request, schema })
  const workspacePath = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`
  const memberPath = (workspaceId: string, userId: string) =>
    `${workspacePath(workspaceId)}/members/${encodeURIComponent(userId)}`

  return {
    list: () => call('/api/workspaces', listWorkspacesResponseSchema),
    async create(input: CreateWorkspaceRequest) {
      return (await call('/api/workspaces', workspaceResponseSchema, { method: 'POST', body: input })).workspace
    },
    async update(workspaceId: string, patch: UpdateWorkspaceRequest) {
      return (await call(workspacePath(workspaceId), workspaceResponseSchema, { method: 'PATCH', body: patch })).workspace
    },
    async remove(workspaceId) {
      await http.request(workspacePath(workspaceId), { method: 'DELETE' })
    },
    async setActive(workspaceId) {
      await http.request('/api/workspaces/active', { method: 'POST', body: { workspaceId } })
    },

    async listMembers(workspaceId) {
      return (await call(`${workspacePath(workspaceId)}/members`, listMembersResponseSchema)).members
    },
    async setMemberRole(workspaceId, userId, role) {
      const path = memberPath(workspaceId, userId)
      return (await call(path, listMembersResponseSchema, { method: 'PATCH', body: { role } })).members
    },
    async removeMember(workspaceId, userId) {
      return (await call(memberPath(workspaceId, userId), listMembersResponseSchema, { method: 'DELETE' })).members
    },

    invite: (workspaceId, input) =>
      call(`${workspacePath(workspaceId)}/invitations`, createInvitationResponseSchema, { method: 'POST', body: input }),
    async listInvitations(workspaceId) {
      return (await call(`${workspacePath(workspaceId)}/invitations`, listInvitationsResponseSchema)).invitations
    },
    async revokeInvitation(workspaceId, invitationId) {
      const path = `${workspacePath(workspaceId)}/invitations/${encodeURIComponent(invitationId)}`
      return (await call(path, listInvitationsResponseSchema, { method: 'DELETE' })).invitations
    },

    async listMyInvitations() {
      return (await call('/api/invitations', listInvitationsResponseSchema)).invitations
    },
    async previewInvitation(token) {
      return (await call('/api/invitations/preview', invitationResponseSchema, { method: 'POST', body: { token } })).invitation
    },
    async acceptInvitation(ref) {
      return (await call('/api/invitations/accept', workspaceResponseSchema, { method: 'POST', body: ref })).workspace
    },
    async declineInvitation(ref) {
      await http.request('/api/invitations/decline', { method: 'POST', body: ref })
    },
  }
}
