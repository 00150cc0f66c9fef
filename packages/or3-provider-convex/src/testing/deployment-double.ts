import type { UserIdentity } from 'convex/server'
import { convexToJson, jsonToConvex, type JSONValue, type Value } from 'convex/values'
import { readAuthConfig } from './auth-config.js'
import type { FunctionKind } from './function-modules.js'
import { createLocalBackend, type LocalBackend, type TransactionLimits } from './local-backend.js'
import { prepareTemplateBackend } from './prepare-backend.js'
import { createStorageRoutes } from './storage-routes.js'
import { createTokenVerifier, TokenRejectedError } from './token-verifier.js'

/** Convex answers a function that failed with this status (the client's STATUS_CODE_UDF_FAILED). */
const UDF_FAILED = 560
/** Convex's cap on a function's arguments. */
const DEFAULT_MAX_ARGUMENT_BYTES = 16 * 1024 * 1024

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
}

/**
 * TEST DOUBLE of a Convex deployment, for OR3's tests: convex-test runs the real functions, and
 * this server answers the real `ConvexHttpClient` on `/api/query`, `/api/mutation` and
 * `/api/action`, verifies tokens against the providers `auth.config.ts` names, and serves file
 * storage (upload URLs and download URLs). Not a Convex backend: one transaction at a time (so
 * no OCC conflict is ever seen), no crons, no websocket sync yet.
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

type Caller = { identity: Partial<UserIdentity> | null; admin: boolean }

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

function isConvexError(error: unknown): error is Error & { data: Value } {
  return error instanceof Error && error.name === 'ConvexError' && 'data' in error
}

export async function startDeploymentDouble(options: DeploymentDoubleOptions = {}): Promise<DeploymentDouble> {
  const previousEnv = new Map(Object.keys(options.env ?? {}).map((key) => [key, process.env[key]]))
  Object.assign(process.env, options.env)
  const functionsDir = options.functionsDir ?? prepareTemplateBackend().functionsDir
  const verifier = createTokenVerifier(await readAuthConfig(functionsDir), options.fetch)
  const backend = await createLocalBackend({ functionsDir, now: options.now, transactionLimits: options.transactionLimits })
  const adminKey = options.adminKey ?? `or3-double|${crypto.randomUUID()}`
  const maxArgumentBytes = options.maxArgumentBytes ?? DEFAULT_MAX_ARGUMENT_BYTES
  const storage = createStorageRoutes(backend)
  let requestCounter = 0

  async function callerOf(request: Request): Promise<Caller> {
    const header = request.headers.get('authorization')
    if (header === null) return { identity: null, admin: false }
    const [scheme, credential = ''] = header.split(' ', 2)
    if (scheme === 'Bearer') {
      try {
        return { identity: await verifier.verify(credential), admin: false }
      } catch (error) {
        const message = error instanceof TokenRejectedError ? error.message : 'Could not verify the token'
        throw new HttpRefusal(401, 'Unauthenticated', message)
      }
    }
    if (scheme === 'Convex') {
      // `Convex <admin key>[:<base64 JSON identity to act as>]`, as ConvexHttpClient.setAdminAuth sends it.
      const colon = credential.indexOf(':')
      const key = colon < 0 ? credential : credential.slice(0, colon)
      if (key !== adminKey) throw new HttpRefusal(401, 'BadAdminKey', 'The admin key is not valid for this deployment')
      const actingAs = colon < 0 ? null : Buffer.from(credential.slice(colon + 1), 'base64').toString('utf8')
      return { identity: actingAs === null ? null : (JSON.parse(actingAs) as Partial<UserIdentity>), admin: true }
    }
    throw new HttpRefusal(401, 'InvalidAuthHeader', 'The Authorization header must be "Bearer <token>" or "Convex <admin key>"')
  }

  async function runFunction(kind: FunctionKind, request: Request) {
    const length = Number(request.headers.get('content-length') ?? 0)
    const text = await request.text()
    if (Math.max(length, new TextEncoder().encode(text).length) > maxArgumentBytes) {
      throw new HttpRefusal(400, 'ArgumentsTooLarge', `Function arguments are over the ${maxArgumentBytes}-byte limit`)
    }
    let body: { path?: unknown; format?: unknown; args?: unknown }
    try {
      body = JSON.parse(text) as typeof body
    } catch {
      throw new HttpRefusal(400, 'BadJsonBody', 'The request body is not JSON')
    }
    if (typeof body.path !== 'string' || body.format !== 'convex_encoded_json' || !Array.isArray(body.args) || body.args.length !== 1) {
      throw new HttpRefusal(400, 'BadRequest', 'Expected { path, format: "convex_encoded_json", args: [<args>] }')
    }
    const caller = await callerOf(request)
    const requestId = (++requestCounter).toString(16).padStart(16, '0')
    const failure = (errorMessage: string, errorData?: JSONValue) =>
      Response.json({ status: 'error', errorMessage, ...(errorData !== undefined ? { errorData } : {}), logLines: [] }, { status: UDF_FAILED })

    const registered = await backend.functions.describe(body.path)
    if (registered === null || (registered.visibility === 'internal' && !caller.admin)) {
      return failure(`Could not find public function for '${body.path}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`)
    }
    if (registered.kind !== kind) {
      const name = (k: string) => k[0]!.toUpperCase() + k.slice(1)
      return failure(`Trying to execute ${body.path} as ${name(kind)}, but it is defined as ${name(registered.kind)}.`)
    }
    try {
      const args = jsonToConvex(body.args[0] as JSONValue) as Record<string, unknown>
      const value = await backend.call(kind, body.path, args, caller.identity)
      return Response.json({ status: 'success', value: convexToJson(storage.rewriteUrls(value, new URL(request.url).origin) as Value), logLines: [] })
    } catch (error) {
      if (isConvexError(error)) {
        return failure(`[Request ID: ${requestId}] Server Error\nUncaught ConvexError: ${error.message}`, convexToJson(error.data))
      }
      return failure(`[Request ID: ${requestId}] Server Error\nUncaught ${(error as Error).name ?? 'Error'}: ${(error as Error).message}`)
    }
  }

  const server = Bun.serve({
    development: false,
    hostname: options.hostname ?? '127.0.0.1',
    port: options.port ?? 0,
    maxRequestBodySize: Math.max(maxArgumentBytes, 1024 ** 3) + 1,
    async fetch(request) {
      const { pathname } = new URL(request.url)
      try {
        if (request.method === 'POST' && pathname === '/api/query') return await runFunction('query', request)
        if (request.method === 'POST' && pathname === '/api/mutation') return await runFunction('mutation', request)
        if (request.method === 'POST' && pathname === '/api/action') return await runFunction('action', request)
        const stored = await storage.handle(request)
        if (stored !== null) return stored
        if (request.method === 'POST' && pathname === '/_double/reset') {
          if ((await callerOf(request)).admin !== true) throw new HttpRefusal(401, 'BadAdminKey', 'reset needs the admin key')
          await double.reset()
          return new Response(null, { status: 204 })
        }
        return Response.json({ code: 'NotFound', message: `${request.method} ${pathname} is not served here` }, { status: 404 })
      } catch (error) {
        if (error instanceof HttpRefusal) return Response.json({ code: error.code, message: error.message }, { status: error.status })
        return Response.json({ code: 'InternalServerError', message: (error as Error).message }, { status: 500 })
      }
    },
  })
  const url = `http://${server.hostname}:${server.port}`

  const double: DeploymentDouble = {
    url,
    adminKey,
    backend,
    async reset() {
      await backend.reset()
      storage.reset()
    },
    async stop() {
      await server.stop(true)
      for (const [key, value] of previousEnv) {
        if (value === undefined) Reflect.deleteProperty(process.env, key)
        else process.env[key] = value
      }
    },
  }
  return double
}
