import { makeFunctionReference } from 'convex/server'
import { isProviderError, ProviderError } from 'or3-provider-kit'
import { refusalAsProviderError } from '../shared/convex-errors'
import type { CallerTokens, CallIdentity } from './caller-tokens'
import { DeploymentRefusal, TransportFailure, type Transport } from './transport'

export interface CallOptions {
  /** `caller` (default): the request's user, or the server outside a request. `server`: always the server. */
  as?: CallIdentity
  /** A mutation that is safe to run twice (idempotent by design): retried even when it may have run. */
  idempotent?: boolean
}

export interface DeploymentClient {
  readonly url: string
  query<T>(path: string, args?: Record<string, unknown>, options?: CallOptions): Promise<T>
  mutation<T>(path: string, args?: Record<string, unknown>, options?: CallOptions): Promise<T>
  /** What went wrong lately that only an operator can fix, newest first (admin status). */
  recentFaults(): string[]
}

export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
}

const MAX_FAULTS = 10
const LOG_SAME_FAULT_EVERY_MS = 60_000
const UNAVAILABLE_SENTENCE = 'OR3 cannot reach its data service (Convex) right now; try again shortly'

/**
 * Every call the server makes to its deployment: the right token (see CallerTokens), retries of
 * transient transport failures with backoff (a mutation only when it cannot have run, or is
 * idempotent), and the one mapping of what can go wrong to a ProviderError. Users get a sentence;
 * what an operator must fix (URL, auth config, undeployed functions) goes to the log, at most once
 * a minute per fault, and to `recentFaults` for the admin page. Never a stack, never a token.
 */
export function createDeploymentClient(options: {
  url: string
  tokens: CallerTokens
  transport: Transport
  retry?: RetryPolicy
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  log?: (line: string) => void
}): DeploymentClient {
  const retry = options.retry ?? { attempts: 3, baseDelayMs: 250 }
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const now = options.now ?? Date.now
  const log = options.log ?? ((line: string) => console.error(line))
  const faults: Array<{ at: number; text: string }> = []
  const lastLogged = new Map<string, number>()

  function recordFault(text: string): void {
    const at = now()
    faults.unshift({ at, text })
    faults.length = Math.min(faults.length, MAX_FAULTS)
    if ((lastLogged.get(text) ?? -Infinity) + LOG_SAME_FAULT_EVERY_MS > at) return
    lastLogged.set(text, at)
    log(`[or3-provider-convex] ${text}`)
  }

  function toProviderError(error: unknown, path: string, identity: CallIdentity): ProviderError {
    if (isProviderError(error)) return error
    const refusal = refusalAsProviderError(error)
    if (refusal) return refusal
    if (error instanceof TransportFailure) {
      recordFault(`${error.message}; check OR3_CONVEX_URL and that the deployment is up`)
      return new ProviderError('UNAVAILABLE', UNAVAILABLE_SENTENCE, { retryAfterSeconds: 5, cause: error })
    }
    if (error instanceof DeploymentRefusal && (error.status === 401 || error.status === 403)) {
      const whose = identity === 'server' ? "this server's token" : "a user's token"
      recordFault(
        `the deployment at ${options.url} refused ${whose} (${error.message}); set its OR3_JWT_ISSUER and OR3_JWKS ` +
          '(and CLERK_JWT_ISSUER_DOMAIN with Clerk) to trust this server, then deploy again',
      )
      return new ProviderError('UNAVAILABLE', UNAVAILABLE_SENTENCE, { retryAfterSeconds: 30, cause: error })
    }
    const message = error instanceof Error ? error.message : String(error)
    if (error instanceof DeploymentRefusal || /Could not find public function/.test(message)) {
      recordFault(
        `the deployment at ${options.url} cannot run ${path} (${message.split('\n')[0]}); deploy the backend folder ` +
          '`or3-provider-convex init` wrote (bun run deploy) and check OR3_CONVEX_URL',
      )
      return new ProviderError('UNAVAILABLE', UNAVAILABLE_SENTENCE, { retryAfterSeconds: 30, cause: error })
    }
    recordFault(`${path} failed on the deployment: ${message.split('\n').slice(-1)[0]}`)
    return new ProviderError('INTERNAL', `The data service (Convex) failed to run ${path}`, { cause: error })
  }

  async function call<T>(kind: 'query' | 'mutation', path: string, args: Record<string, unknown>, options_: CallOptions): Promise<T> {
    const identity = options_.as ?? 'caller'
    for (let attempt = 1; ; attempt++) {
      try {
        const client = options.transport.clientFor(await options.tokens.tokenFor(identity))
        return kind === 'query'
          ? ((await client.query(makeFunctionReference<'query'>(path), args)) as T)
          : ((await client.mutation(makeFunctionReference<'mutation'>(path), args, { skipQueue: true })) as T)
      } catch (error) {
        const safeToRepeat = kind === 'query' || options_.idempotent === true
        const transient = error instanceof TransportFailure && (safeToRepeat || !error.mayHaveRun)
        if (!transient || attempt >= retry.attempts) throw toProviderError(error, path, identity)
        await sleep(retry.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2))
      }
    }
  }

  return {
    url: options.url,
    query: (path, args = {}, callOptions = {}) => call('query', path, args, callOptions),
    mutation: (path, args = {}, callOptions = {}) => call('mutation', path, args, callOptions),
    recentFaults: () => faults.map((fault) => `${new Date(fault.at).toISOString()} ${fault.text}`),
  }
}
