import type { MembershipRecord, WorkspaceRole, WorkspaceRecord, WorkspaceSummary } from 'or3-provider-kit'

export function toWorkspaceSummary(
  record: WorkspaceRecord | MembershipRecord,
  role: WorkspaceRole,
  activeWorkspaceId: string,
): WorkspaceSummary {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    role,
    isPersonal: record.isPersonal,
    isActive: record.id === activeWorkspaceId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  }
}
