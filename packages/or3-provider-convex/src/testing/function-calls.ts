import type { UserIdentity } from 'convex/server'
import { convexToJson, jsonToConvex, type JSONValue, type Value } from 'convex/values'
import type { FunctionKind } from './function-modules'
import type { LocalBackend } from './local-backend'
import type { createStorageRoutes } from './storage-routes'
import { TokenRejectedError, type createTokenVerifier } from './token-verifier'

/** Who calls: the identity a verified token (or the admin key) names, and whether it is admin. */
export interface Caller {
  identity: Partial<UserIdentity> | null
  admin: boolean
}

export type CallOutcome = { ok: true; value: JSONValue } | { ok: false; errorMessage: string; errorData?: JSONValue }

/** A refusal before any function runs (bad credentials, bad request), with Convex's code. */
export class CallRefusal extends Error {
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

/**
 * How the double runs one function call, the same for HTTP and the websocket: the caller's
 * credentials, function visibility and kind as Convex checks them, and errors as Convex reports
 * them (a ConvexError's data travels; any other error is only its message, as on a dev
 * deployment). `onCommit` hears every mutation or action that returned.
 */
export function createFunctionCalls(options: {
  backend: LocalBackend
  verifier: ReturnType<typeof createTokenVerifier>
  storage: ReturnType<typeof createStorageRoutes>
  adminKey: string
  onCommit: () => void
}) {
  let requestCounter = 0

  async function userCaller(token: string): Promise<Caller> {
    try {
      return { identity: await options.verifier.verify(token), admin: false }
    } catch (error) {
      throw new CallRefusal(401, 'Unauthenticated', error instanceof TokenRejectedError ? error.message : 'Could not verify the token')
    }
  }

  function adminCaller(key: string, actingAs: Partial<UserIdentity> | null): Caller {
    if (key !== options.adminKey) throw new CallRefusal(401, 'BadAdminKey', 'The admin key is not valid for this deployment')
    return { identity: actingAs, admin: true }
  }

  /** An `Authorization` header: none, `Bearer <jwt>`, or `Convex <admin key>[:<base64 identity>]`. */
  async function callerOfHeader(header: string | null): Promise<Caller> {
    if (header === null) return { identity: null, admin: false }
    const [scheme, credential = ''] = header.split(' ', 2)
    if (scheme === 'Bearer') return await userCaller(credential)
    if (scheme === 'Convex') {
      const colon = credential.indexOf(':')
      const key = colon < 0 ? credential : credential.slice(0, colon)
      const actingAs = colon < 0 ? null : Buffer.from(credential.slice(colon + 1), 'base64').toString('utf8')
      return adminCaller(key, actingAs === null ? null : (JSON.parse(actingAs) as Partial<UserIdentity>))
    }
    throw new CallRefusal(401, 'InvalidAuthHeader', 'The Authorization header must be "Bearer <token>" or "Convex <admin key>"')
  }

  async function execute(kind: FunctionKind, path: string, argsJson: JSONValue, caller: Caller, origin: string): Promise<CallOutcome> {
    const requestId = (++requestCounter).toString(16).padStart(16, '0')
    const registered = await options.backend.functions.describe(path)
    if (registered === null || (registered.visibility === 'internal' && !caller.admin)) {
      return { ok: false, errorMessage: `Could not find public function for '${path}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?` }
    }
    if (registered.kind !== kind) {
      const name = (k: string) => k[0]!.toUpperCase() + k.slice(1)
      return { ok: false, errorMessage: `Trying to execute ${path} as ${name(kind)}, but it is defined as ${name(registered.kind)}.` }
    }
    try {
      const args = jsonToConvex(argsJson) as Record<string, unknown>
      const value = await options.backend.call(kind, path, args, caller.identity)
      return { ok: true, value: convexToJson(options.storage.rewriteUrls(value, origin) as Value) }
    } catch (error) {
      if (isConvexError(error)) {
        return { ok: false, errorMessage: `[Request ID: ${requestId}] Server Error\nUncaught ConvexError: ${error.message}`, errorData: convexToJson(error.data) }
      }
      return { ok: false, errorMessage: `[Request ID: ${requestId}] Server Error\nUncaught ${(error as Error).name ?? 'Error'}: ${(error as Error).message}` }
    } finally {
      if (kind !== 'query') options.onCommit()
    }
  }

  return { userCaller, adminCaller, callerOfHeader, execute }
}
