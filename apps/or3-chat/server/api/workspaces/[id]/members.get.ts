import { workspaceIdParamsSchema, type ListMembersResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../../core/pipeline/define-core-handler'
import { toMemberSummary } from '../../../core/workspaces/member-summary'

export default defineCoreHandler({
  surface: 'cloud',
  input: { params: workspaceIdParamsSchema },
  access: { kind: 'workspace', permission: 'workspace.read', workspaceId: (input) => input.params.id },
  async handle({ input, workspaces }): Promise<ListMembersResponse> {
    return { members: (await workspaces.listMembers(input.params.id)).map(toMemberSummary) }
  },
})
