import { ConvexClient } from 'convex/browser'
import { makeFunctionReference } from 'convex/server'
import { CONVEX_FUNCTIONS } from '../functions'

export interface VersionWatcher {
  /** Calls `listener` with each new latest version of the workspace; returns an idempotent unsubscribe. */
  watch(workspaceId: string, listener: (version: number) => void): () => void
  close(): Promise<void>
}

const latestVersion = makeFunctionReference<'query', { workspaceId: string }, { version: number }>(CONVEX_FUNCTIONS.sync.latestVersion)

/**
 * Change notifications over the deployment's websocket: one `ConvexClient`, authenticated as the
 * OR3 server (it fans out to every user's event stream; core authorized each stream), with one
 * subscription per watched workspace. Convex re-runs `sync:latestVersion` whenever a push from
 * any OR3 instance or device changes it, so every instance hears every write. The client opens
 * on the first watch and reconnects by itself; its token is renewed before it expires.
 */
export function createVersionWatcher(options: {
  url: string
  /** The server's token; with `fresh`, a new one (the client renews its token before expiry). */
  serverToken: (request: { fresh: boolean }) => string
  log?: (line: string) => void
}): VersionWatcher {
  const log = options.log ?? ((line: string) => console.error(line))
  let client: ConvexClient | null = null

  function socket(): ConvexClient {
    if (client) return client
    client = new ConvexClient(options.url, { logger: false, skipConvexDeploymentUrlCheck: true, unsavedChangesWarning: false })
    client.setAuth(async ({ forceRefreshToken }) => options.serverToken({ fresh: forceRefreshToken }))
    return client
  }

  return {
    watch(workspaceId, listener) {
      // A new workspace is at version 0; the first answer of a busy one is announced (a stream
      // that opens learns the current version, and its client pulls anyway).
      let announced = 0
      const subscription = socket().onUpdate(
        latestVersion,
        { workspaceId },
        ({ version }) => {
          if (version <= announced) return
          announced = version
          listener(version)
        },
        (error) => log(`[or3-provider-convex] watching workspace ${workspaceId} failed: ${error.message}`),
      )
      // ConvexClient's unsubscribe throws when called twice; the contract allows repeats.
      let stopped = false
      return () => {
        if (stopped) return
        stopped = true
        subscription()
      }
    },
    async close() {
      const closing = client
      client = null
      await closing?.close()
    },
  }
}
