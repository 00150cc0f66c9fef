import {
  USER_LLM_KEY_ENDPOINT_HEADER,
  USER_LLM_KEY_HEADER,
  chatBackgroundStartedSchema,
  chatTitleResponseSchema,
  createJsonClient,
  jobAbortResponseSchema,
  type ChatBackgroundStarted,
  type ChatTitleRequest,
  type ChatStreamRequest,
  type FetchLike,
  type JobAbortResponse,
} from 'or3-provider-kit'
import { readOpenAiDeltas } from '#shared/chat-stream/read-openai-deltas'
import type { TokenUsage } from '#shared/chat-stream/token-usage'

export interface ChatApiOptions {
  /** The user's own LLM key, when they set one; sent as a header, never in the body. */
  userKey?: string | null
  /** The endpoint that key is for (USER_LLM_KEY_ENDPOINT_HEADER); null: the server's default endpoint. */
  userKeyEndpoint?: string | null
  signal?: AbortSignal
  /** Origin of the OR3 server; empty for same-origin requests from the app. */
  baseUrl?: string
  fetch?: FetchLike
  /** Receives the answer's token usage when the upstream reports it (foreground streams). */
  onUsage?(usage: TokenUsage): void
}

/** The user's key and the endpoint it is for, as headers (never the body); none without a key. */
export function userKeyHeaders(options: Pick<ChatApiOptions, 'userKey' | 'userKeyEndpoint'>): Record<string, string> {
  if (!options.userKey) return {}
  return {
    [USER_LLM_KEY_HEADER]: options.userKey,
    ...(options.userKeyEndpoint ? { [USER_LLM_KEY_ENDPOINT_HEADER]: options.userKeyEndpoint } : {}),
  }
}

/** The kit's client for one call: refusals arrive as ProviderErrors with the server's sentence. */
function post(path: string, body: unknown, options: ChatApiOptions): Promise<Response> {
  return createJsonClient({ baseUrl: options.baseUrl, fetch: options.fetch }).send(path, {
    method: 'POST',
    body,
    headers: userKeyHeaders(options),
    signal: options.signal,
  })
}

/**
 * Foreground generation: yields the answer's text deltas as the server proxies them. Aborting
 * `signal` (or stopping the iteration) closes the request, and the server aborts the upstream.
 */
export async function* streamChat(
  request: Omit<ChatStreamRequest, 'background'>,
  options: ChatApiOptions = {},
): AsyncGenerator<string, void, undefined> {
  const response = await post('/api/chat/stream', request, options)
  if (!response.body) return
  yield* readOpenAiDeltas(response.body, { onUsage: options.onUsage })
}

/**
 * Background generation: the server runs it as a job and answers at once. Read the output with
 * `resumeJobStream(jobId, 0)`; when it completes, the client writes the message once.
 */
export async function startBackgroundChat(
  request: ChatStreamRequest & { background: NonNullable<ChatStreamRequest['background']> },
  options: ChatApiOptions = {},
): Promise<ChatBackgroundStarted> {
  const response = await post('/api/chat/stream', request, options)
  return chatBackgroundStartedSchema.parse(await response.json())
}

export async function abortJob(jobId: string, options: ChatApiOptions = {}): Promise<JobAbortResponse> {
  const response = await post(`/api/jobs/${encodeURIComponent(jobId)}/abort`, {}, options)
  return jobAbortResponseSchema.parse(await response.json())
}

/** A generated title for a thread's first exchange; null when the server gives none (titles off, the model failed). */
export async function requestThreadTitle(request: ChatTitleRequest, options: ChatApiOptions = {}): Promise<string | null> {
  const response = await post('/api/chat/title', request, options)
  return chatTitleResponseSchema.parse(await response.json()).title
}
