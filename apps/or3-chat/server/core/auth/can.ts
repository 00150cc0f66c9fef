import type { H3Event } from 'h3'
import { ProviderError, type Permission, type WorkspaceRole, type WorkspaceStore } from 'or3-provider-kit'
import type { Or3Session } from '../session/session-context'

const ROLE_PERMISSIONS: Record<WorkspaceRole, ReadonlySet<Permission>> = {
  owner: new Set(['workspace.read', 'workspace.write', 'workspace.settings.manage', 'workspace.members.manage']),
  editor: new Set(['workspace.read', 'workspace.write']),
  viewer: new Set(['workspace.read']),
}

export function roleAllows(role: WorkspaceRole | null, permission: Permission): boolean {
  return role !== null && ROLE_PERMISSIONS[role].has(permission)
}

/**
 * Whether the caller may do `permission` in the workspace NAMED IN THE REQUEST — never the
 * session's active workspace. `admin.access` is the deployment admin's, not a workspace role.
 */
export async function can(
  event: H3Event,
  session: Or3Session,
  permission: Permission,
  workspaceId: string | null,
  workspaces: WorkspaceStore,
): Promise<boolean> {
  if (permission === 'admin.access') return session.user.isAdmin
  if (workspaceId === null) return false
  return roleAllows(await roleIn(event, session, workspaceId, workspaces), permission)
}

export async function requirePermission(
  event: H3Event,
  session: Or3Session,
  permission: Permission,
  workspaceId: string | null,
  workspaces: WorkspaceStore,
): Promise<void> {
  if (!(await can(event, session, permission, workspaceId, workspaces))) {
    throw new ProviderError(
      'FORBIDDEN',
      permission === 'admin.access'
        ? 'Only the deployment admin can do this'
        : `You do not have ${permission} in workspace ${workspaceId}`,
    )
  }
}

/** Roles are looked up once per request and workspace. */
function roleIn(event: H3Event, session: Or3Session, workspaceId: string, workspaces: WorkspaceStore) {
  const roles = (event.context.or3Roles ??= new Map())
  let role = roles.get(workspaceId)
  if (!role) {
    role = workspaces.getRole(session.user.id, workspaceId)
    roles.set(workspaceId, role)
  }
  return role
}
