import { gcRequestSchema, ProviderError } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

export default defineCoreHandler({
  surface: 'sync',
  input: { body: gcRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.write', workspaceId: (input) => input.body.scope.workspaceId },
  handle({ input, session, sync }) {
    if (!sync.gcChangeLog) throw new ProviderError('NOT_FOUND', `The ${sync.id} sync provider does no change-log GC`)
    return sync.gcChangeLog({ userId: session.user.id }, input.body)
  },
})
