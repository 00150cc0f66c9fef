import { memberParamsSchema, updateMemberRequestSchema, type ListMembersResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../../../core/pipeline/define-core-handler'
import { toMemberSummary } from '../../../../core/workspaces/member-summary'

/** Changes a member's role (the store keeps every workspace owned, and personal owners owners). */
export default defineCoreHandler({
  surface: 'cloud',
  input: { params: memberParamsSchema, body: updateMemberRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.members.manage', workspaceId: (input) => input.params.id },
  async handle({ input, workspaces }): Promise<ListMembersResponse> {
    await workspaces.setMemberRole(input.params.id, input.params.userId, input.body.role)
    return { members: (await workspaces.listMembers(input.params.id)).map(toMemberSummary) }
  },
})
