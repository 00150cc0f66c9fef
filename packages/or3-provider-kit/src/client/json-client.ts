import type { z } from 'zod'
import { ProviderError } from '../errors.ts'
import { fieldErrors } from '../schemas/validation.ts'
import { NetworkUnreachableError, parseJsonText, readErrorResponse } from './error-answers.ts'

/** The part of `fetch` the client calls (a test may wrap the real one). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export interface JsonClientOptions {
  /** '' (same origin) in the browser; `http://127.0.0.1:port` in tests. */
  baseUrl?: string
  fetch?: FetchLike
  /** Sent with every request (a test's credentials, a provider's header). */
  headers?: Record<string, string>
  /** The sentence for a request that never reached the server. */
  offlineMessage?: string
}

export interface JsonRequestOptions<S extends z.ZodType | undefined = undefined> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON; no body when undefined. */
  body?: unknown
  headers?: Record<string, string>
  /** Validates the answer: one that is not the protocol's is the server's fault (INTERNAL). */
  schema?: S
  signal?: AbortSignal
  /** Gives up (as unreachable) after this long. */
  timeoutMs?: number
}

type Answer<S> = S extends z.ZodType ? z.output<S> : unknown

export interface JsonClient {
  /** Sends the request and reads its JSON answer; every failure is a ProviderError. */
  request<S extends z.ZodType | undefined = undefined>(path: string, options?: JsonRequestOptions<S>): Promise<Answer<S>>
  /** Sends the request and returns the successful Response unread (a stream); failures as for `request`. */
  send(path: string, options?: Omit<JsonRequestOptions, 'schema'>): Promise<Response>
  /** The absolute URL of a path (for EventSource). */
  url(path: string): string
}

const DEFAULT_OFFLINE_MESSAGE = 'The server could not be reached; check your connection and try again'

/**
 * The one way browsers (core and providers' UIs) call an OR3 server: JSON in, JSON out, and the
 * error envelope read back into the ProviderError the server threw (code, message, fields,
 * Retry-After). A request that never got an answer is UNAVAILABLE with a NetworkUnreachableError
 * cause (`isOfflineError`); one the caller aborted rejects with the abort reason.
 */
export function createJsonClient(options: JsonClientOptions = {}): JsonClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '')
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const url = (path: string) => `${baseUrl}${path}`

  async function send(path: string, request: Omit<JsonRequestOptions, 'schema'> = {}): Promise<Response> {
    const hasBody = request.body !== undefined
    const signals = [request.signal, request.timeoutMs ? AbortSignal.timeout(request.timeoutMs) : undefined].filter(
      (signal): signal is AbortSignal => signal !== undefined,
    )
    let response: Response
    try {
      response = await fetchImpl(url(path), {
        method: request.method ?? (hasBody ? 'POST' : 'GET'),
        headers: {
          accept: 'application/json',
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
          ...request.headers,
        },
        body: hasBody ? JSON.stringify(request.body) : undefined,
        credentials: 'same-origin',
        signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
      })
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason
      throw new ProviderError('UNAVAILABLE', options.offlineMessage ?? DEFAULT_OFFLINE_MESSAGE, {
        cause: new NetworkUnreachableError(error),
      })
    }
    if (!response.ok) throw await readErrorResponse(response, path)
    return response
  }

  return {
    url,
    send,
    async request<S extends z.ZodType | undefined>(path: string, request: JsonRequestOptions<S> = {}) {
      const body = parseJsonText(await (await send(path, request)).text())
      if (!request.schema) return body as Answer<S>
      const parsed = request.schema.safeParse(body)
      if (!parsed.success) {
        throw new ProviderError('INTERNAL', `The server answered ${path} with an unexpected body`, {
          fields: fieldErrors(parsed.error),
        })
      }
      return parsed.data as Answer<S>
    },
  }
}
