import { presignUploadRequestSchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

export default defineCoreHandler({
  surface: 'storage',
  input: { body: presignUploadRequestSchema },
  access: { kind: 'workspace', permission: 'workspace.write', workspaceId: (input) => input.body.workspaceId },
  handle: ({ input, session, storage }) => storage.presignUpload({ userId: session.user.id }, input.body),
})
