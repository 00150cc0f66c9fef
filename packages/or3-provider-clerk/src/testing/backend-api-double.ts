import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createInstanceSigningKey, publishableKeyFor, SESSION_TOKEN_CATEGORY, type InstanceSigningKey } from './signing-key'

/**
 * TEST DOUBLE of Clerk's Backend API, for offline tests against the real @clerk/backend SDK. It
 * serves the calls an OR3 session needs — `GET /v1/users/{id}`, `POST /v1/sessions/{sid}/tokens/{template}`,
 * `GET /v1/jwks` — signs RS256 tokens like a Clerk instance, and records every request.
 * Never a Clerk service: nothing here talks to the network beyond 127.0.0.1.
 */
export interface DoubleUser {
  id: string
  email: string
  emailVerified?: boolean
  firstName?: string
  lastName?: string
  username?: string
}

export interface JwtTemplate {
  /**
   * Claims added to every token of the template (e.g. `aud: 'convex'`), or made from the user
   * as Clerk fills a template's shortcodes (`{{user.primary_email_address}}`).
   */
  claims?: Record<string, unknown> | ((user: DoubleUser) => Record<string, unknown>)
  lifetimeSeconds?: number
}

export interface SessionTokenOptions {
  userId: string
  sessionId?: string
  /** The origin the token was made for (`azp`); omitted when null. */
  authorizedParty?: string | null
  /** Seconds from now; negative for an already expired token. Clerk's tokens live 60 s. */
  expiresInSeconds?: number
  issuedAt?: number
  /** Extra or replacing claims. */
  claims?: Record<string, unknown>
  header?: Record<string, unknown>
}

export interface RecordedRequest {
  method: string
  path: string
  /** Whether it carried the instance's secret key as its Bearer token. */
  authorized: boolean
}

export interface ClerkBackendDouble {
  /** The Backend API base URL: `NUXT_CLERK_API_URL`. */
  url: string
  frontendApiHost: string
  publishableKey: string
  secretKey: string
  signingKey: InstanceSigningKey
  /** Everything a host needs to use this double (`NUXT_CLERK_JWT_KEY` unless `networkless: false`). */
  env(options?: { networkless?: boolean }): Record<string, string>
  requests: RecordedRequest[]
  upsertUser(user: DoubleUser): void
  removeUser(userId: string): void
  addTemplate(name: string, template?: JwtTemplate): void
  /** A Clerk session token, as clerk-js would put in `__session` or an Authorization header. */
  sessionToken(options: SessionTokenOptions): string
  /** The cookies clerk-js keeps on the app's domain for a signed-in browser. */
  sessionCookies(options: SessionTokenOptions): Record<string, string>
  /** false: every connection is dropped, as when Clerk is unreachable. */
  setReachable(reachable: boolean): void
  close(): Promise<void>
}

export interface ClerkBackendDoubleOptions {
  /** The Frontend API host the publishable key names. */
  frontendApiHost?: string
  port?: number
}

/**
 * The `convex` template as Clerk's Convex preset defines it: audience `convex`, and the user's
 * profile (name, email, whether it is verified) that Convex reads into the identity.
 */
const DEFAULT_TEMPLATES: Record<string, JwtTemplate> = {
  convex: {
    claims: (user) => ({
      aud: 'convex',
      name: [user.firstName, user.lastName].filter(Boolean).join(' ') || null,
      email: user.email,
      email_verified: user.emailVerified !== false,
      nickname: user.username ?? null,
    }),
  },
}

export async function startClerkBackendDouble(options: ClerkBackendDoubleOptions = {}): Promise<ClerkBackendDouble> {
  const frontendApiHost = options.frontendApiHost ?? 'clerk.or3-double.test'
  const signingKey = createInstanceSigningKey()
  const secretKey = `sk_live_double_${randomUUID().replace(/-/g, '')}`
  const issuer = `https://${frontendApiHost}`
  const users = new Map<string, DoubleUser>()
  const templates = new Map(Object.entries(DEFAULT_TEMPLATES))
  const sessions = new Map<string, string>()
  const requests: RecordedRequest[] = []
  let reachable = true

  function sessionToken(o: SessionTokenOptions): string {
    const now = o.issuedAt ?? Math.floor(Date.now() / 1000)
    const sessionId = o.sessionId ?? `sess_${o.userId}`
    sessions.set(sessionId, o.userId)
    const payload: Record<string, unknown> = {
      iss: issuer,
      sub: o.userId,
      sid: sessionId,
      iat: now,
      nbf: now - 5,
      exp: now + (o.expiresInSeconds ?? 60),
      v: 2,
      fva: [0, -1],
      sts: 'active',
      ...(o.authorizedParty === null ? {} : { azp: o.authorizedParty ?? 'http://localhost:3000' }),
      ...o.claims,
    }
    return signingKey.sign(payload, { cat: SESSION_TOKEN_CATEGORY, ...o.header })
  }

  function templateToken(sessionId: string, name: string): string | null {
    const template = templates.get(name)
    const userId = sessions.get(sessionId)
    const user = userId === undefined ? undefined : users.get(userId)
    if (!template || !userId || !user) return null
    const claims = typeof template.claims === 'function' ? template.claims(user) : template.claims
    const now = Math.floor(Date.now() / 1000)
    return signingKey.sign({
      iss: issuer,
      sub: userId,
      iat: now,
      nbf: now - 5,
      exp: now + (template.lifetimeSeconds ?? 60),
      jti: randomUUID(),
      ...claims,
    })
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://double').pathname
    const authorized = req.headers.authorization === `Bearer ${secretKey}`
    requests.push({ method: req.method ?? 'GET', path, authorized })
    if (!reachable) {
      req.socket.destroy()
      return
    }
    if (!authorized) return sendJson(res, 401, clerkErrors('authentication_invalid', 'Unauthorized request'))

    const user = /^\/v1\/users\/([^/]+)$/.exec(path)
    if (req.method === 'GET' && user) {
      const found = users.get(decodeURIComponent(user[1]!))
      return found ? sendJson(res, 200, userJson(found)) : sendJson(res, 404, clerkErrors('resource_not_found', 'not found'))
    }
    const token = /^\/v1\/sessions\/([^/]+)\/tokens\/([^/]+)$/.exec(path)
    if (req.method === 'POST' && token) {
      const jwt = templateToken(decodeURIComponent(token[1]!), decodeURIComponent(token[2]!))
      return jwt
        ? sendJson(res, 200, { object: 'token', jwt })
        : sendJson(res, 404, clerkErrors('resource_not_found', 'No JWT template exists with name: ' + token[2]))
    }
    if (req.method === 'GET' && path === '/v1/jwks') return sendJson(res, 200, { keys: [signingKey.jwk] })
    return sendJson(res, 404, clerkErrors('resource_not_found', `The double does not serve ${req.method} ${path}`))
  }

  const server = createServer((req, res) => {
    // Drain the body (token requests may send one) before answering.
    req.resume()
    req.on('end', () => handle(req, res))
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    frontendApiHost,
    publishableKey: publishableKeyFor(frontendApiHost),
    secretKey,
    signingKey,
    env: ({ networkless = true } = {}) => ({
      NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor(frontendApiHost),
      NUXT_CLERK_SECRET_KEY: secretKey,
      NUXT_CLERK_API_URL: url,
      ...(networkless ? { NUXT_CLERK_JWT_KEY: signingKey.publicKeyPem } : {}),
    }),
    requests,
    upsertUser: (user) => void users.set(user.id, user),
    removeUser: (userId) => void users.delete(userId),
    addTemplate: (name, template = {}) => void templates.set(name, template),
    sessionToken,
    sessionCookies: (o) => ({
      __session: sessionToken(o),
      // clerk-js's "client last updated" stamp: the server trusts a cookie token only alongside it.
      __client_uat: String((o.issuedAt ?? Math.floor(Date.now() / 1000)) - 1),
    }),
    setReachable: (value) => void (reachable = value),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Clerk's Backend API sends exactly this type; with a charset the SDK treats the body as text. */
function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function clerkErrors(code: string, message: string) {
  return { errors: [{ code, message, long_message: message, meta: {} }], clerk_trace_id: randomUUID() }
}

function userJson(user: DoubleUser) {
  const emailId = `idn_${user.id}`
  return {
    object: 'user',
    id: user.id,
    username: user.username ?? null,
    first_name: user.firstName ?? null,
    last_name: user.lastName ?? null,
    image_url: '',
    has_image: false,
    primary_email_address_id: emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: true,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [
      {
        object: 'email_address',
        id: emailId,
        email_address: user.email,
        verification: {
          status: user.emailVerified === false ? 'unverified' : 'verified',
          strategy: 'email_code',
          attempts: 1,
          expire_at: null,
        },
        linked_to: [],
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    external_accounts: [],
    enterprise_accounts: [],
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    external_id: null,
    last_sign_in_at: null,
    banned: false,
    locked: false,
    created_at: 0,
    updated_at: 0,
  }
}
