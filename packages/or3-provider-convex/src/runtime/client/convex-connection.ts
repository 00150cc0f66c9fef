import { ConvexClient } from 'convex/browser'

/** How ConvexClient asks for a token; it asks again shortly before the last one expires. */
export type ConvexTokenFetcher = (request: { forceRefreshToken: boolean }) => Promise<string | null | undefined>

export interface ConvexConnectionOptions {
  /** The deployment URL, asked of the OR3 server when the first workspace opens. */
  fetchUrl(): Promise<string>
  createClient?(url: string): ConvexClient
}

/**
 * The browser's one Convex client for direct sync, and the order its pieces must come in:
 * the context exists (plugin 1), the auth bridge binds the token fetcher (plugin 2), only then
 * may the sync provider (plugin 3) register and open the client. The client is opened by the
 * first workspace that syncs and closed when the last one is released (switching workspace,
 * signing out), so no subscription outlives the workspace session that made it.
 */
export interface ConvexConnection {
  bindAuth(fetchToken: ConvexTokenFetcher): void
  readonly authBound: boolean
  acquire(): Promise<ConvexClient>
  release(): void
}

export function createConvexConnection(options: ConvexConnectionOptions): ConvexConnection {
  const createClient = options.createClient ?? ((url: string) => new ConvexClient(url, { unsavedChangesWarning: false, logger: false }))
  let fetchToken: ConvexTokenFetcher | null = null
  let client: Promise<ConvexClient> | null = null
  let holders = 0

  return {
    bindAuth(fetcher) {
      if (client) throw new Error('or3-provider-convex: bind the token before the Convex client opens (plugin order: client context, auth bridge, sync provider)')
      fetchToken = fetcher
    },
    get authBound() {
      return fetchToken !== null
    },
    acquire() {
      const fetcher = fetchToken
      if (!fetcher) {
        return Promise.reject(new Error('or3-provider-convex: no token fetcher is bound (plugin order: client context, auth bridge, sync provider)'))
      }
      holders += 1
      client ??= options.fetchUrl().then((url) => {
        const opened = createClient(url)
        opened.setAuth(fetcher)
        return opened
      })
      const opening = client
      // A failed open is not kept: the next workspace asks again.
      opening.catch(() => {
        if (client === opening) client = null
      })
      return opening
    },
    release() {
      holders = Math.max(0, holders - 1)
      if (holders > 0 || !client) return
      const closing = client
      client = null
      void closing.then((opened) => opened.close()).catch(() => {})
    },
  }
}

const KEY = Symbol.for('or3.provider-convex.connection')
type Holder = typeof globalThis & { [KEY]?: ConvexConnection }

/** Plugin 1 installs the page's connection; the others find it here. */
export function installConvexConnection(connection: ConvexConnection): ConvexConnection {
  ;(globalThis as Holder)[KEY] = connection
  return connection
}

export function useConvexConnection(): ConvexConnection {
  const connection = (globalThis as Holder)[KEY]
  if (!connection) throw new Error('or3-provider-convex: the Convex client context is not installed (plugin order: client context, auth bridge, sync provider)')
  return connection
}
