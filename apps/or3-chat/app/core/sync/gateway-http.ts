import { PROVIDER_ERROR_CODES, ProviderError, fieldErrors, isProviderError } from 'or3-provider-kit'
import type { z } from 'zod'
import { parseRetryAfter, readErrorEnvelope } from '../http/error-envelope'

/**
 * How core's gateway clients (sync, storage) reach the server. Injectable so the engine runs in
 * Node tests against a real server: a base URL, a fetch that may add headers, default headers.
 */
/** The part of `fetch` the gateway clients call (a test may wrap the real one). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export interface GatewayHttpOptions {
  /** '' (same origin) in the browser; `http://127.0.0.1:port` in tests. */
  baseUrl?: string
  fetch?: FetchLike
  headers?: Record<string, string>
}

/** The cause of a request that never reached the server (offline, DNS, connection refused). */
export class NetworkUnreachableError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.name = 'NetworkUnreachableError'
  }
}

/** True when the server was not reached at all, as opposed to answering with an error. */
export function isOfflineError(error: unknown): boolean {
  return isProviderError(error) && error.cause instanceof NetworkUnreachableError
}

export interface GatewayHttp {
  /** POSTs JSON and validates the answer; throws ProviderError on any failure. */
  postJson<S extends z.ZodType>(path: string, body: unknown, responseSchema: S, signal?: AbortSignal): Promise<z.output<S>>
  /** The absolute URL of a core path (for EventSource). */
  url(path: string): string
}

export function createGatewayHttp(options: GatewayHttpOptions = {}): GatewayHttp {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '')
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))

  return {
    url: (path) => `${baseUrl}${path}`,
    async postJson(path, body, responseSchema, signal) {
      let response: Response
      try {
        response = await fetchImpl(`${baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
          body: JSON.stringify(body),
          credentials: 'same-origin',
          signal,
        })
      } catch (error) {
        if (signal?.aborted) throw error
        throw new ProviderError('UNAVAILABLE', 'Cannot reach the OR3 server; changes stay on this device until it is back', {
          cause: new NetworkUnreachableError(error),
        })
      }
      const text = await response.text()
      const json = parseJson(text)
      if (!response.ok) throw errorFromResponse(path, response, json)
      return parseAnswer(path, responseSchema, json)
    },
  }
}

/** Validates a server answer: a body that is not the protocol's is the server's fault (INTERNAL). */
export function parseAnswer<S extends z.ZodType>(path: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    throw new ProviderError('INTERNAL', `The server answered ${path} with an unexpected body`, {
      fields: fieldErrors(parsed.error),
    })
  }
  return parsed.data
}

function parseJson(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Maps an error answer back to the ProviderError the server threw (the kit's sendProviderError is the inverse). */
export function errorFromResponse(path: string, response: Response, body: unknown): ProviderError {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'))
  const envelope = readErrorEnvelope(body)
  if (envelope) {
    const { code, message, fields } = envelope
    const known = (PROVIDER_ERROR_CODES as readonly string[]).includes(code)
    return new ProviderError(known ? (code as ProviderError['code']) : 'INTERNAL', message, { fields, retryAfterSeconds })
  }
  const code = response.status === 429 ? 'RATE_LIMITED' : response.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL'
  return new ProviderError(code, `The server answered ${path} with HTTP ${response.status}`, { retryAfterSeconds })
}
