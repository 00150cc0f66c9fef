import {
  listWorkspacesResponseSchema,
  workspaceResponseSchema,
  type CreateWorkspaceRequest,
  type UpdateWorkspaceRequest,
  type WorkspaceApi,
} from 'or3-provider-kit'
import { parseAnswer } from '../sync/gateway-http'

/** The part of Nuxt's `$fetch` this API uses, so it can be given any fetcher (tests). */
export type JsonFetcher = <T = unknown>(
  path: string,
  options?: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown },
) => Promise<T>

/**
 * Core's WorkspaceApi: every workspace operation goes through /api/workspaces. Answers are
 * validated, so the UI never renders a body that is not the protocol's. Errors keep `$fetch`'s
 * shape (`error.data.error.message`), which the workspace UI reads.
 */
export function createGatewayWorkspaceApi(fetcher: JsonFetcher = globalThis.$fetch as JsonFetcher): WorkspaceApi {
  return {
    async list() {
      return parseAnswer('/api/workspaces', listWorkspacesResponseSchema, await fetcher('/api/workspaces'))
    },
    async create(input: CreateWorkspaceRequest) {
      const answer = await fetcher('/api/workspaces', { method: 'POST', body: input })
      return parseAnswer('/api/workspaces', workspaceResponseSchema, answer).workspace
    },
    async update(workspaceId: string, patch: UpdateWorkspaceRequest) {
      const path = `/api/workspaces/${encodeURIComponent(workspaceId)}`
      return parseAnswer(path, workspaceResponseSchema, await fetcher(path, { method: 'PATCH', body: patch })).workspace
    },
    async remove(workspaceId: string) {
      await fetcher(`/api/workspaces/${encodeURIComponent(workspaceId)}`, { method: 'DELETE' })
    },
    async setActive(workspaceId: string) {
      await fetcher('/api/workspaces/active', { method: 'POST', body: { workspaceId } })
    },
  }
}
