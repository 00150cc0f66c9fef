import { createEventStream } from 'h3'
import { ProviderError, syncEventsQuerySchema } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

/** Proxies and load balancers drop idle streams; a comment every 25 s keeps this one open. */
const HEARTBEAT_MS = 25_000

/**
 * Announces each new server version of the workspace so other devices pull at once. Without a
 * `watch` on the adapter there is nothing to announce: 404, and clients poll.
 */
export default defineCoreHandler({
  surface: 'sync',
  input: { query: syncEventsQuerySchema },
  access: { kind: 'workspace', permission: 'workspace.read', workspaceId: (input) => input.query.workspaceId },
  rateLimit: false,
  handle({ event, input, sync }) {
    if (!sync.watch) throw new ProviderError('NOT_FOUND', `The ${sync.id} sync provider has no change stream; poll instead`)
    const stream = createEventStream(event)
    const unsubscribe = sync.watch(input.query.workspaceId, (serverVersion) => {
      void stream.push({ event: 'version', data: JSON.stringify({ serverVersion }) })
    })
    const heartbeat = setInterval(() => void stream.push({ event: 'ping', data: '{}' }), HEARTBEAT_MS)
    stream.onClosed(() => {
      clearInterval(heartbeat)
      unsubscribe()
    })
    void stream.push({ event: 'ready', data: JSON.stringify({ workspaceId: input.query.workspaceId }) })
    return stream.send()
  },
})
