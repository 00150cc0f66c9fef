import type { ConvexClient } from 'convex/browser'
import { makeFunctionReference } from 'convex/server'
import { ProviderError, type SyncProvider } from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'
import { refusalAsProviderError } from '../shared/convex-errors'
import { createSyncCalls } from '../shared/sync-calls'
import type { ConvexConnection } from './convex-connection'

const latestVersion = makeFunctionReference<'query', { workspaceId: string }, { version: number }>(CONVEX_FUNCTIONS.sync.latestVersion)

/** A refusal of the functions keeps its code and sentence; anything else means the service failed. */
function asProviderError(error: unknown): ProviderError {
  return refusalAsProviderError(error) ?? new ProviderError('UNAVAILABLE', 'Cannot sync with the data service (Convex) right now; your changes are kept and will be sent', { cause: error })
}

/**
 * A workspace's sync straight with the deployment, as the signed-in user: push, pull, snapshot
 * and cursors are the same functions the server's gateway calls (the outbox and the engine are
 * core's), and `subscribe` is a live `sync:latestVersion` query over the websocket instead of
 * the server's event stream. `dispose` releases the page's client (closed with the last one).
 */
export function createConvexDirectSyncProvider(connection: ConvexConnection, workspaceId: string): SyncProvider {
  let client: Promise<ConvexClient> | null = connection.acquire()
  client.catch(() => {})
  const opened = () => client ?? Promise.reject(new ProviderError('UNAVAILABLE', 'This workspace is closed'))

  const calls = createSyncCalls({
    async query(path, args) {
      const convex = await opened()
      return await convex.query(makeFunctionReference<'query'>(path), args).catch((error: unknown) => Promise.reject(asProviderError(error)))
    },
    async mutation(path, args) {
      const convex = await opened()
      return await convex.mutation(makeFunctionReference<'mutation'>(path), args).catch((error: unknown) => Promise.reject(asProviderError(error)))
    },
  })

  const scoped = <R extends { scope: { workspaceId: string } }>(request: R): R => {
    if (request.scope.workspaceId !== workspaceId) throw new ProviderError('VALIDATION', `This sync client serves workspace ${workspaceId} only`)
    return request
  }

  return {
    id: 'convex',
    mode: 'direct',
    push: async (request) => calls.push(scoped(request)),
    pull: async (request) => calls.pull(scoped(request)),
    snapshot: async (request) => calls.snapshot(scoped(request)),
    updateCursor: async (request) => calls.updateCursor(scoped(request)),
    subscribe(scope, { onVersion, onDown }) {
      let stop: (() => void) | null = null
      let stopped = false
      opened().then(
        (convex) => {
          if (stopped) return
          const subscription = convex.onUpdate(latestVersion, { workspaceId: scope.workspaceId }, ({ version }) => onVersion(version), (error) => onDown?.(error))
          stop = () => subscription()
        },
        (error: unknown) => onDown?.(error),
      )
      return () => {
        if (stopped) return
        stopped = true
        stop?.()
      }
    },
    dispose() {
      if (!client) return
      client = null
      connection.release()
    },
  }
}
