import type { ChatStreamRequest, Or3CloudConfig } from 'or3-provider-kit'
import type { LlmCredential } from './select-llm-key'
import { cutWhenIdle } from './cut-when-idle'
import { upstreamHeadersTimeoutError, upstreamHttpError, upstreamNetworkError } from './upstream-error'

/** Where and with which key the server calls the OpenAI-compatible upstream. */
export interface UpstreamTarget {
  baseUrl: string
  credential: LlmCredential
}

export interface UpstreamStream {
  body: ReadableStream<Uint8Array>
}

/** How long the upstream may keep a chat request waiting (config `llm.headersTimeoutMs`, `llm.idleTimeoutMs`). */
export interface UpstreamTimeouts {
  headersMs: number
  idleMs: number
}

export function upstreamTimeouts(config: Or3CloudConfig): UpstreamTimeouts {
  return { headersMs: config.llm.headersTimeoutMs, idleMs: config.llm.idleTimeoutMs }
}

/** `host[:port]` of the upstream: safe to show (a base URL may carry credentials; this drops them). */
export function upstreamHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host
  } catch {
    return 'the model provider'
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

/**
 * OR3's request (camelCase, plus its background option) as an OpenAI chat-completions body. It
 * asks for the token usage on the stream's last chunk (`stream_options.include_usage`, which
 * OpenAI, OpenRouter, vLLM and Ollama understand); an upstream that ignores it just reports none.
 * The sampling settings go only when the thread sets them, under OpenAI's names (`reasoning_effort`
 * too, which OpenRouter maps for its reasoning models). OR3-only fields (`background`,
 * `workspaceId`) never reach the upstream.
 */
export function toUpstreamChatBody(request: ChatStreamRequest): Record<string, unknown> {
  return {
    model: request.model,
    messages: request.messages,
    stream: true,
    stream_options: { include_usage: true },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
    ...(request.reasoningEffort === undefined ? {} : { reasoning_effort: request.reasoningEffort }),
  }
}

/**
 * Starts a streamed chat completion. Resolves once the upstream answered 2xx with a body;
 * otherwise throws a mapped ProviderError (an aborted `signal` rethrows the abort as is). No
 * headers within `timeouts.headersMs` cancels the request (503); the body then errors with
 * UpstreamStalledError when no chunk arrives for `timeouts.idleMs`, and the request is cancelled.
 */
export async function openUpstreamChatStream(
  target: UpstreamTarget,
  request: ChatStreamRequest,
  signal: AbortSignal,
  timeouts: UpstreamTimeouts,
): Promise<UpstreamStream> {
  const host = upstreamHost(target.baseUrl)
  // Our own controller, so a timeout cancels the upstream without touching the caller's signal.
  const upstream = new AbortController()
  const forward = () => upstream.abort(signal.reason)
  if (signal.aborted) forward()
  else signal.addEventListener('abort', forward, { once: true })
  let headersTimedOut = false
  const headersTimer = setTimeout(() => {
    headersTimedOut = true
    upstream.abort()
  }, timeouts.headersMs)
  let response: Response
  try {
    response = await call(
      target,
      '/chat/completions',
      {
        method: 'POST',
        headers: headers(target.credential, 'text/event-stream'),
        body: JSON.stringify(toUpstreamChatBody(request)),
        signal: upstream.signal,
      },
      request.model,
    )
  } catch (error) {
    if (headersTimedOut && !signal.aborted) throw upstreamHeadersTimeoutError(host, timeouts.headersMs)
    throw error
  } finally {
    clearTimeout(headersTimer)
  }
  if (!response.body) throw upstreamNetworkError(new Error('empty response body'), host)
  return { body: cutWhenIdle(response.body, { idleMs: timeouts.idleMs, onIdle: () => upstream.abort(), host }) }
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

async function call(target: UpstreamTarget, path: string, init: RequestInit, model?: string): Promise<Response> {
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
    model,
  })
}
