import type { WorkspaceRole } from 'or3-provider-kit'

/** What each role may do, in the words the members panel uses. */
export const ROLE_OPTIONS: { value: WorkspaceRole; label: string; description: string }[] = [
  { value: 'viewer', label: 'Viewer', description: 'reads the chats' },
  { value: 'editor', label: 'Editor', description: 'reads and writes chats' },
  { value: 'owner', label: 'Owner', description: 'also manages members and settings' },
]

export function roleLabel(role: WorkspaceRole): string {
  return ROLE_OPTIONS.find((option) => option.value === role)!.label
}
