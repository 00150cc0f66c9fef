import { describe, expect, it } from 'vitest'
import { PERMISSIONS, type WorkspaceRole } from 'or3-provider-kit'
import { roleAllows } from '../../server/core/auth/can'

describe('role permissions', () => {
  const expected: Record<WorkspaceRole | 'none', string[]> = {
    owner: ['workspace.read', 'workspace.write', 'workspace.settings.manage', 'workspace.members.manage'],
    editor: ['workspace.read', 'workspace.write'],
    viewer: ['workspace.read'],
    none: [],
  }
  for (const [role, allowed] of Object.entries(expected)) {
    it(`${role} may do exactly ${allowed.join(', ') || 'nothing'}`, () => {
      const granted = PERMISSIONS.filter((p) => roleAllows(role === 'none' ? null : (role as WorkspaceRole), p))
      expect(granted).toEqual(allowed)
    })
  }
})
