import { ProviderError, syncEventsQuerySchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { openEventStream } from '../../core/sse/open-event-stream'

/**
 * Announces each new server version of the workspace so other devices pull at once. Without a
 * `watch` on the adapter there is nothing to announce: 404, and clients poll.
 */
export default defineCoreHandler({
  surface: 'sync',
  input: { query: syncEventsQuerySchema },
  access: { kind: 'workspace', permission: 'workspace.read', workspaceId: (input) => input.query.workspaceId },
  eventStream: true,
  handle({ event, input, sync }) {
    if (!sync.watch) throw new ProviderError('NOT_FOUND', `The ${sync.id} sync provider has no change stream; poll instead`)
    const stream = openEventStream(event)
    stream.onClose(sync.watch(input.query.workspaceId, (serverVersion) => stream.send('version', { serverVersion })))
    stream.send('ready', { workspaceId: input.query.workspaceId })
    return stream.response
  },
})
