import { updateCursorRequestSchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

export default defineCoreHandler({
  surface: 'sync',
  input: { body: updateCursorRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.read', workspaceId: (input) => input.body.scope.workspaceId },
  handle: ({ input, session, sync }) => sync.updateCursor({ userId: session.user.id }, input.body),
})
