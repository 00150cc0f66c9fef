import { presignDownloadRequestSchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

export default defineCoreHandler({
  surface: 'storage',
  input: { body: presignDownloadRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.read', workspaceId: (input) => input.body.workspaceId },
  handle: ({ input, session, storage }) => storage.presignDownload({ userId: session.user.id }, input.body),
})
