import type { WorkspaceApi } from 'or3-provider-kit'
import { createGatewayWorkspaceApi } from '~/core/workspace/gateway-workspace-api'

let api: WorkspaceApi | null = null

/** Core's gateway WorkspaceApi, one per tab: workspaces, members and invitations. */
export function useWorkspaceApi(): WorkspaceApi {
  return (api ??= createGatewayWorkspaceApi())
}
