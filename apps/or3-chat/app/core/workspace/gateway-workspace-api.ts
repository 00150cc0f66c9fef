import type {
  CreateWorkspaceRequest,
  ListWorkspacesResponse,
  UpdateWorkspaceRequest,
  WorkspaceApi,
  WorkspaceResponse,
} from 'or3-provider-kit'

/** Core's WorkspaceApi: every workspace operation goes through /api/workspaces. */
export function createGatewayWorkspaceApi(fetcher: typeof $fetch = $fetch): WorkspaceApi {
  return {
    list: () => fetcher<ListWorkspacesResponse>('/api/workspaces'),
    async create(input: CreateWorkspaceRequest) {
      return (await fetcher<WorkspaceResponse>('/api/workspaces', { method: 'POST', body: input })).workspace
    },
    async update(workspaceId: string, patch: UpdateWorkspaceRequest) {
      const path = `/api/workspaces/${encodeURIComponent(workspaceId)}`
      return (await fetcher<WorkspaceResponse>(path, { method: 'PATCH', body: patch })).workspace
    },
    async remove(workspaceId: string) {
      await fetcher(`/api/workspaces/${encodeURIComponent(workspaceId)}`, { method: 'DELETE' })
    },
    async setActive(workspaceId: string) {
      await fetcher('/api/workspaces/active', { method: 'POST', body: { workspaceId } })
    },
  }
}
