import { ConvexHttpClient } from 'convex/browser'

/**
 * How a call to the deployment failed before any function answered. `mayHaveRun`: the request
 * may have reached the deployment (a reset or a timeout), so only a call that is safe to repeat
 * is retried; a refused connection or a 429/502/503/504 answer never ran anything.
 */
export class TransportFailure extends Error {
  constructor(
    message: string,
    readonly mayHaveRun: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'TransportFailure'
  }
}

/** The deployment refused the request itself (not a function): a bad token, an unknown route. */
export class DeploymentRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'DeploymentRefusal'
  }
}

/** Convex's answer for a function that failed: it carries the function's error, handled above. */
const FUNCTION_FAILED = 560
const NOT_RUN_STATUSES = new Set([429, 502, 503, 504])

function connectionRefused(error: unknown): boolean {
  const codes = [error, (error as { cause?: unknown })?.cause].map((e) => (e as { code?: unknown } | undefined)?.code)
  return codes.some((code) => code === 'ECONNREFUSED' || code === 'ConnectionRefused' || code === 'ENOTFOUND' || code === 'FailedToOpenSocket')
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  const own = error instanceof Error ? error.message : String(error)
  return cause?.code ? `${own} (${cause.code})` : own
}

/** Convex answers a refused request with `{ code, message }` JSON, or with text. */
function refusalMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: string; message?: string }
    return [body.code, body.message].filter(Boolean).join(': ') || text
  } catch {
    return text
  }
}

export interface TransportOptions {
  url: string
  /** Per attempt: a deployment that does not answer in time is a failure, not a hung request. */
  timeoutMs: number
  /** Clients kept at once, one per token: the least recently used one is dropped first. */
  maxClients: number
  fetch?: typeof fetch
}

export interface Transport {
  /** The HTTP client that sends `token` (a user's or the server's), created on first use. */
  clientFor(token: string): ConvexHttpClient
  clear(): void
}

/**
 * Real `ConvexHttpClient`s, one per token (a client holds one identity), in a bounded cache.
 * Their fetch times out each attempt and turns what the client cannot tell apart (a dropped
 * connection, a proxy's 503, a rejected token) into typed errors the caller maps once.
 */
export function createTransport(options: TransportOptions): Transport {
  const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const clients = new Map<string, ConvexHttpClient>()

  const transportFetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let response: Response
    try {
      response = await baseFetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })
    } catch (error) {
      throw new TransportFailure(`cannot reach ${options.url}: ${describe(error)}`, !connectionRefused(error), { cause: error })
    }
    if (response.ok || response.status === FUNCTION_FAILED) return response
    const text = await response.text().catch(() => '')
    if (NOT_RUN_STATUSES.has(response.status)) {
      throw new TransportFailure(`${options.url} answered HTTP ${response.status}: ${refusalMessage(text).slice(0, 300)}`, false)
    }
    if (response.status >= 500) {
      throw new TransportFailure(`${options.url} answered HTTP ${response.status}: ${refusalMessage(text).slice(0, 300)}`, true)
    }
    throw new DeploymentRefusal(response.status, refusalMessage(text).slice(0, 500))
  }) as typeof fetch

  return {
    clientFor(token) {
      const cached = clients.get(token)
      if (cached) {
        clients.delete(token)
        clients.set(token, cached)
        return cached
      }
      const client = new ConvexHttpClient(options.url, {
        logger: false,
        // Self-hosted deployments and the test double have other URLs than *.convex.cloud.
        skipConvexDeploymentUrlCheck: true,
        auth: token,
        fetch: transportFetch,
      })
      clients.set(token, client)
      while (clients.size > options.maxClients) clients.delete(clients.keys().next().value!)
      return client
    },
    clear: () => clients.clear(),
  }
}
