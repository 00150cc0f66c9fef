import { pushRequestSchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

export default defineCoreHandler({
  surface: 'sync',
  input: { body: pushRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.write', workspaceId: (input) => input.body.scope.workspaceId },
  handle: ({ input, session, sync }) => sync.push({ userId: session.user.id }, input.body),
})
