import { ProviderError, storageGcRequestSchema } from 'or3-provider-kit'
import { runAsServer } from 'or3-provider-kit/server'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { collectReferencedHashes } from '../../core/storage/referenced-hashes'

export default defineCoreHandler({
  surface: 'storage',
  input: { body: storageGcRequestSchema },
  access: { kind: 'admin' },
  async handle({ input, session, storage, providers }) {
    if (!storage.gc) throw new ProviderError('NOT_FOUND', `The ${storage.id} storage provider does no GC`)
    // Without sync the server cannot see which files are referenced, so it must not delete any.
    if (!providers.sync) throw new ProviderError('CONFLICT', 'Storage GC needs sync enabled to know which files are in use')
    // GC is the deployment admin's, who need not be a member of the workspace: reading what its
    // file_meta rows reference is the server's own work, not the admin's (a backend that
    // authorizes by itself would refuse the admin a snapshot).
    const sync = providers.sync
    const referenced = await runAsServer(() => collectReferencedHashes(sync, session.user.id, input.body.workspaceId))
    return storage.gc(
      { userId: session.user.id, isReferenced: async (hash) => referenced.has(hash) },
      { workspaceId: input.body.workspaceId },
    )
  },
})
