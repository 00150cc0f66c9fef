import type { JSONValue } from 'convex/values'
import { readAuthConfig } from './auth-config'
import { CallRefusal, createFunctionCalls, type CallOutcome } from './function-calls'
import type { FunctionKind } from './function-modules'
import { createLocalBackend, type LocalBackend, type TransactionLimits } from './local-backend'
import { prepareTemplateBackend } from './prepare-backend'
import { createStorageRoutes } from './storage-routes'
import { createSyncSockets, type SocketData } from './sync-socket'
import { createTokenVerifier, type OidcKeys } from './token-verifier'

/** Convex answers a function that failed with this status (the client's STATUS_CODE_UDF_FAILED). */
const UDF_FAILED = 560
/** Convex's cap on a function's arguments. */
const DEFAULT_MAX_ARGUMENT_BYTES = 16 * 1024 * 1024
const FUNCTION_ROUTES: Record<string, FunctionKind> = { '/api/query': 'query', '/api/mutation': 'mutation', '/api/action': 'action' }

export interface DeploymentDoubleOptions {
  /** A Convex functions directory with `_generated/`; by default this package's templates, prepared. */
  functionsDir?: string
  /**
   * The deployment's env vars (what `convex env set` holds), e.g. a test issuer's
   * `OR3_JWT_ISSUER` and `OR3_JWKS`, and `CLERK_JWT_ISSUER_DOMAIN`. They are set on this
   * process while the double runs: functions and `auth.config.ts` read `process.env`.
   */
  env?: Record<string, string>
  /** The functions' clock; the wall clock by default. */
  now?: () => number
  transactionLimits?: TransactionLimits
  hostname?: string
  /** 0 (default): any free port. */
  port?: number
  /** Accepted as `Authorization: Convex <adminKey>`; generated when omitted. */
  adminKey?: string
  maxArgumentBytes?: number
  /** Used for OIDC discovery (e.g. the Clerk test double's issuer). */
  fetch?: typeof fetch
  /**
   * Keys of OIDC providers by domain (e.g. the Clerk double's JWKS under its issuer), used
   * instead of discovery: a double's issuer is a name no test can reach over the network.
   */
  oidcKeys?: OidcKeys
}

/**
 * TEST DOUBLE of a Convex deployment, for OR3's tests: convex-test runs the real functions, and
 * this server answers the real clients: `ConvexHttpClient` on `/api/query`, `/api/mutation` and
 * `/api/action`, and `ConvexClient` on the websocket `/api/<version>/sync` (subscriptions are
 * re-run after every commit). It verifies tokens against the providers `auth.config.ts` names
 * and serves file storage (upload URLs and download URLs). Not a Convex backend: one transaction
 * at a time (so no OCC conflict is ever seen), no crons.
 */
export interface DeploymentDouble {
  /** The deployment URL, e.g. for `new ConvexHttpClient(url)` and `OR3_CONVEX_URL`. */
  url: string
  adminKey: string
  backend: LocalBackend
  /** Drops every document and file. */
  reset(): Promise<void>
  stop(): Promise<void>
}

function failed(outcome: Extract<CallOutcome, { ok: false }>): Response {
  const { errorMessage, errorData } = outcome
  return Response.json({ status: 'error', errorMessage, ...(errorData !== undefined ? { errorData } : {}), logLines: [] }, { status: UDF_FAILED })
}

export async function startDeploymentDouble(options: DeploymentDoubleOptions = {}): Promise<DeploymentDouble> {
  const previousEnv = new Map(Object.keys(options.env ?? {}).map((key) => [key, process.env[key]]))
  Object.assign(process.env, options.env)
  const functionsDir = options.functionsDir ?? prepareTemplateBackend().functionsDir
  const verifier = createTokenVerifier(await readAuthConfig(functionsDir), options.fetch, options.oidcKeys)
  const backend = await createLocalBackend({ functionsDir, now: options.now, transactionLimits: options.transactionLimits })
  const adminKey = options.adminKey ?? `or3-double|${crypto.randomUUID()}`
  const maxArgumentBytes = options.maxArgumentBytes ?? DEFAULT_MAX_ARGUMENT_BYTES
  const storage = createStorageRoutes(backend)
  const sockets = createSyncSockets()
  const calls = createFunctionCalls({ backend, verifier, storage, adminKey, onCommit: () => sockets.commit() })
  sockets.bind(calls)

  async function runFunction(kind: FunctionKind, request: Request): Promise<Response> {
    const text = await request.text()
    if (new TextEncoder().encode(text).length > maxArgumentBytes) {
      throw new CallRefusal(400, 'ArgumentsTooLarge', `Function arguments are over the ${maxArgumentBytes}-byte limit`)
    }
    let body: { path?: unknown; format?: unknown; args?: unknown }
    try {
      body = JSON.parse(text) as typeof body
    } catch {
      throw new CallRefusal(400, 'BadJsonBody', 'The request body is not JSON')
    }
    if (typeof body.path !== 'string' || body.format !== 'convex_encoded_json' || !Array.isArray(body.args) || body.args.length !== 1) {
      throw new CallRefusal(400, 'BadRequest', 'Expected { path, format: "convex_encoded_json", args: [<args>] }')
    }
    const caller = await calls.callerOfHeader(request.headers.get('authorization'))
    const outcome = await calls.execute(kind, body.path, body.args[0] as JSONValue, caller, new URL(request.url).origin)
    return outcome.ok ? Response.json({ status: 'success', value: outcome.value, logLines: [] }) : failed(outcome)
  }

  const server = Bun.serve<SocketData>({
    development: false,
    hostname: options.hostname ?? '127.0.0.1',
    port: options.port ?? 0,
    maxRequestBodySize: Math.max(maxArgumentBytes, 1024 ** 3) + 1,
    websocket: sockets.handlers,
    async fetch(request, bunServer) {
      const { pathname } = new URL(request.url)
      try {
        if (/^\/api\/[^/]+\/sync$/.test(pathname)) {
          if (bunServer.upgrade(request, { data: sockets.newSession(new URL(request.url).origin) })) return undefined
          return new Response('Expected a websocket', { status: 400 })
        }
        const kind = FUNCTION_ROUTES[pathname]
        if (request.method === 'POST' && kind !== undefined) return await runFunction(kind, request)
        const stored = await storage.handle(request)
        if (stored !== null) {
          sockets.commit()
          return stored
        }
        if (request.method === 'POST' && pathname === '/_double/reset') {
          if (!(await calls.callerOfHeader(request.headers.get('authorization'))).admin) {
            throw new CallRefusal(401, 'BadAdminKey', 'reset needs the admin key')
          }
          await double.reset()
          return new Response(null, { status: 204 })
        }
        return Response.json({ code: 'NotFound', message: `${request.method} ${pathname} is not served here` }, { status: 404 })
      } catch (error) {
        if (error instanceof CallRefusal) return Response.json({ code: error.code, message: error.message }, { status: error.status })
        return Response.json({ code: 'InternalServerError', message: (error as Error).message }, { status: 500 })
      }
    },
  })

  const double: DeploymentDouble = {
    url: `http://${server.hostname}:${server.port}`,
    adminKey,
    backend,
    async reset() {
      await backend.reset()
      storage.reset()
      sockets.commit()
    },
    async stop() {
      sockets.closeAll()
      await server.stop(true)
      for (const [key, value] of previousEnv) {
        if (value === undefined) Reflect.deleteProperty(process.env, key)
        else process.env[key] = value
      }
    },
  }
  return double
}
