import type { ChatStreamRequest } from 'or3-provider-kit'
import type { LlmCredential } from './select-llm-key'
import { upstreamHttpError, upstreamNetworkError } from './upstream-error'

/** Where and with which key the server calls the OpenAI-compatible upstream. */
export interface UpstreamTarget {
  baseUrl: string
  credential: LlmCredential
}

export interface UpstreamStream {
  body: ReadableStream<Uint8Array>
}

/** `host[:port]` of the upstream: safe to show (a base URL may carry credentials; this drops them). */
export function upstreamHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host
  } catch {
    return 'the configured OR3_LLM_BASE_URL'
  }
}

function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`
}

function headers(credential: LlmCredential, accept: string): Record<string, string> {
  return {
    authorization: `Bearer ${credential.key}`,
    accept,
    'content-type': 'application/json',
    // OpenRouter shows these in its dashboard; other servers ignore them.
    'x-title': 'OR3',
  }
}

/** OR3's request (camelCase, plus its background option) as an OpenAI chat-completions body. */
export function toUpstreamChatBody(request: ChatStreamRequest): Record<string, unknown> {
  return {
    model: request.model,
    messages: request.messages,
    stream: true,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
  }
}

/**
 * Starts a streamed chat completion. Resolves once the upstream answered 2xx with a body;
 * otherwise throws a mapped ProviderError (an aborted `signal` rethrows the abort as is).
 */
export async function openUpstreamChatStream(
  target: UpstreamTarget,
  request: ChatStreamRequest,
  signal: AbortSignal,
): Promise<UpstreamStream> {
  const response = await call(target, '/chat/completions', {
    method: 'POST',
    headers: headers(target.credential, 'text/event-stream'),
    body: JSON.stringify(toUpstreamChatBody(request)),
    signal,
  })
  if (!response.body) throw upstreamNetworkError(new Error('empty response body'), upstreamHost(target.baseUrl))
  return { body: response.body }
}

/** `GET <baseUrl>/models`, parsed as JSON; mapped errors as above. */
export async function fetchUpstreamModels(target: UpstreamTarget, signal: AbortSignal): Promise<unknown> {
  const response = await call(target, '/models', { headers: headers(target.credential, 'application/json'), signal })
  try {
    return await response.json()
  } catch {
    throw upstreamNetworkError(new Error('the model list is not JSON'), upstreamHost(target.baseUrl))
  }
}

async function call(target: UpstreamTarget, path: string, init: RequestInit): Promise<Response> {
  const host = upstreamHost(target.baseUrl)
  let response: Response
  try {
    response = await fetch(endpoint(target.baseUrl, path), init)
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw upstreamNetworkError(error, host)
  }
  if (response.ok) return response
  const bodyText = await response.text().catch(() => '')
  throw upstreamHttpError({
    status: response.status,
    bodyText,
    retryAfter: response.headers.get('retry-after'),
    credential: target.credential,
    host,
  })
}
