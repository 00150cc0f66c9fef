import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { ClerkBackendDouble, DoubleUser } from './backend-api-double'
import { clientJson, environmentJson, sessionJson } from './frontend-api-resources'

/**
 * TEST DOUBLE of Clerk's Frontend API (what clerk-js talks to), for browser tests that must not
 * leave the machine. Pointed at with `NUXT_PUBLIC_CLERK_PROXY_URL`; it also serves the clerk-js and
 * Clerk UI files of the installed npm packages (`NUXT_PUBLIC_CLERK_JS_URL` / `NUXT_PUBLIC_CLERK_UI_URL`).
 * It holds one browser client: signed out, or signed in as a user of the Backend API double, whose
 * signing key mints the session tokens so the server verifies them as real ones.
 */
export interface ClerkFrontendDouble {
  /** The Frontend API base URL: `NUXT_PUBLIC_CLERK_PROXY_URL`. */
  url: string
  jsUrl: string
  uiUrl: string
  env(): Record<string, string>
  /** Requests by method and path, in order (`OPTIONS` preflights included). */
  requests: Array<{ method: string; path: string }>
  /** Requests the double had no answer for: what a newer clerk-js asks that it does not know. */
  unhandled: Array<{ method: string; path: string }>
  signIn(user: DoubleUser): void
  signOut(): void
  /** true: sign-out requests answer 503, as during a Clerk outage, and the session stays. */
  setSignOutFailing(failing: boolean): void
  close(): Promise<void>
}

export interface ClerkFrontendDoubleOptions {
  backend: ClerkBackendDouble
  /** The app's origin: CORS, redirect URLs and the tokens' authorized party. */
  appOrigin: string
  /** `dist` folders of the installed `@clerk/clerk-js` and `@clerk/ui` packages. */
  clerkJsDist: string
  clerkUiDist: string
  /**
   * The host name browsers reach the double by. Give the app's own (e.g. `or3.localhost`): like
   * Clerk's Frontend API on a subdomain, the double then sets `__client_uat` for the app's site.
   */
  host?: string
  /** Session token lifetime; Clerk's is 60 s. Shorter makes clerk-js renew tokens sooner. */
  tokenLifetimeSeconds?: number
}

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' }

export async function startClerkFrontendDouble(options: ClerkFrontendDoubleOptions): Promise<ClerkFrontendDouble> {
  const { backend, appOrigin } = options
  const requests: ClerkFrontendDouble['requests'] = []
  const unhandled: ClerkFrontendDouble['unhandled'] = []
  let signedIn: { user: DoubleUser; sessionId: string } | null = null
  // Session tokens must not predate the client's last change (the server checks iat >= __client_uat).
  let clientUpdatedAt = Date.now() - 1000
  let sessionCount = 0
  let signOutFails = false

  function signOut() {
    signedIn = null
    clientUpdatedAt = Date.now() - 1000
  }
  const token = () =>
    signedIn
      ? backend.sessionToken({
          userId: signedIn.user.id,
          sessionId: signedIn.sessionId,
          authorizedParty: appOrigin,
          expiresInSeconds: options.tokenLifetimeSeconds,
        })
      : null
  const client = () => {
    const jwt = token()
    return clientJson(signedIn && jwt ? sessionJson(signedIn.sessionId, signedIn.user, jwt) : null, clientUpdatedAt)
  }

  function route(method: string, path: string, res: ServerResponse): boolean {
    if (method === 'GET' && path === '/v1/environment') return sendJson(res, 200, environmentJson(appOrigin))
    // Production instances get __client_uat from the Frontend API (clerk-js sets only __session).
    const uat = signedIn ? Math.floor(clientUpdatedAt / 1000) : 0
    res.setHeader('set-cookie', `__client_uat=${uat}; Path=/; SameSite=Lax; Max-Age=31536000`)
    if (method === 'GET' && path === '/v1/client') return sendJson(res, 200, { response: client(), client: null })
    const session = /^\/v1\/client\/sessions\/([^/]+)\/(tokens|touch|remove|end)(?:\/[\w-]+)?$/.exec(path)
    // clerk-js signs out by ending the session, or by deleting the client's sessions (a POST carrying `_method=DELETE`).
    const endsSession =
      (method === 'POST' && (session?.[2] === 'remove' || session?.[2] === 'end')) ||
      (method === 'DELETE' && (path === '/v1/client' || path === '/v1/client/sessions'))
    if (endsSession && signOutFails) {
      return sendJson(res, 503, { errors: [{ code: 'service_unavailable', message: 'The test double refuses to sign out' }] })
    }
    if (method === 'POST' && session && signedIn?.sessionId === session[1]) {
      if (session[2] === 'tokens') return sendJson(res, 200, { object: 'token', jwt: token() })
      if (session[2] === 'touch') return sendJson(res, 200, { response: client().sessions[0], client: client() })
      signOut()
      res.setHeader('set-cookie', '__client_uat=0; Path=/; SameSite=Lax; Max-Age=31536000')
      return sendJson(res, 200, { response: null, client: client() })
    }
    if (method === 'DELETE' && (path === '/v1/client' || path === '/v1/client/sessions')) {
      signOut()
      res.setHeader('set-cookie', '__client_uat=0; Path=/; SameSite=Lax; Max-Age=31536000')
      return sendJson(res, 200, { response: client(), client: null })
    }
    return false
  }

  function serveScript(path: string, res: ServerResponse): boolean {
    const match = /^\/scripts\/(clerk-js|ui)\/(.+)$/.exec(path)
    if (!match) return false
    const root = match[1] === 'ui' ? options.clerkUiDist : options.clerkJsDist
    const file = normalize(join(root, match[2]!))
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return false
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
    return true
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://double')
    const path = url.pathname
    const method = url.searchParams.get('_method')?.toUpperCase() ?? req.method ?? 'GET'
    requests.push({ method, path })
    // clerk-js calls the Frontend API cross-origin, with credentials.
    const origin = req.headers.origin
    if (origin) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('access-control-allow-credentials', 'true')
      res.setHeader('vary', 'Origin')
    }
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      })
      res.end()
      return
    }
    if (route(method, path, res) || serveScript(path, res)) return
    unhandled.push({ method, path })
    sendJson(res, 404, { errors: [{ code: 'resource_not_found', message: `The double does not serve ${method} ${path}` }] })
  }

  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => handle(req, res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`
  const jsUrl = `${url}/scripts/clerk-js/clerk.browser.js`
  const uiUrl = `${url}/scripts/ui/ui.browser.js`

  return {
    url,
    jsUrl,
    uiUrl,
    env: () => ({ NUXT_PUBLIC_CLERK_PROXY_URL: url, NUXT_PUBLIC_CLERK_JS_URL: jsUrl, NUXT_PUBLIC_CLERK_UI_URL: uiUrl }),
    requests,
    unhandled,
    signIn(user) {
      backend.upsertUser(user)
      signedIn = { user, sessionId: `sess_browser_${++sessionCount}` }
      clientUpdatedAt = Date.now() - 1000
    },
    signOut,
    setSignOutFailing: (failing) => void (signOutFails = failing),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
  return true
}
