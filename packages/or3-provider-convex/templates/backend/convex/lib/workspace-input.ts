import { TEXT_LIMITS, validation } from './protocol'

export const PERSONAL_WORKSPACE_NAME = 'Personal'

export function checkWorkspaceName(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length < 1) validation('name is required')
  if (trimmed.length > TEXT_LIMITS.workspaceName) validation(`name is at most ${TEXT_LIMITS.workspaceName} characters`)
  return trimmed
}

export function checkWorkspaceDescription(description: string): string {
  const trimmed = description.trim()
  if (trimmed.length > TEXT_LIMITS.workspaceDescription) {
    validation(`description is at most ${TEXT_LIMITS.workspaceDescription} characters`)
  }
  return trimmed
}
