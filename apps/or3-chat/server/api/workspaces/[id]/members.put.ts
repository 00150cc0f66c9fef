import { ProviderError, setMemberRequestSchema, workspaceIdParamsSchema, type ListMembersResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../../core/pipeline/define-core-handler'
import { toMemberSummary } from '../../../core/workspaces/member-summary'

/** Shares the workspace with an existing account, or changes its role. */
export default defineCoreHandler({
  surface: 'cloud',
  input: { params: workspaceIdParamsSchema, body: setMemberRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.members.manage', workspaceId: (input) => input.params.id },
  async handle({ input, workspaces }): Promise<ListMembersResponse> {
    const user = await workspaces.findUserByEmail(input.body.email)
    if (!user) {
      throw new ProviderError('NOT_FOUND', `No account uses ${input.body.email}; they need to sign in to OR3 once first`)
    }
    await workspaces.setMemberRole(input.params.id, user.id, input.body.role)
    return { members: (await workspaces.listMembers(input.params.id)).map(toMemberSummary) }
  },
})
