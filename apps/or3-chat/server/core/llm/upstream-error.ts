import { ProviderError } from 'or3-provider-kit'
import { readInstanceLlmKey } from './instance-llm-key'
import { redactSecrets } from './redact-secrets'
import type { LlmCredential } from './select-llm-key'

const MAX_UPSTREAM_MESSAGE = 300

/**
 * Maps a non-2xx upstream answer to a ProviderError whose message says who must act. The
 * upstream's own message is kept (it is usually the most useful part) after redaction.
 * There is no 502 code in the kit, so failures of the upstream itself are UNAVAILABLE (503).
 */
export function upstreamHttpError(input: {
  status: number
  bodyText: string
  retryAfter: string | null
  credential: LlmCredential
  host: string
}): ProviderError {
  const { status, credential, host } = input
  const detail = upstreamMessage(input.bodyText, credential)
  const said = detail ? `: ${detail}` : ''
  if (status === 401 || status === 402 || status === 403) {
    if (credential.source === 'user') {
      return new ProviderError(
        'VALIDATION',
        `The model provider (${host}) refused your API key (HTTP ${status})${said}. Check the key in Settings → API key.`,
      )
    }
    return new ProviderError(
      'UNAVAILABLE',
      `The model provider (${host}) refused this server's API key (HTTP ${status})${said}. The operator must check OR3_LLM_API_KEY.`,
    )
  }
  if (status === 429) {
    const seconds = Number(input.retryAfter)
    return new ProviderError('RATE_LIMITED', `The model provider (${host}) is rate limiting requests${said}`, {
      retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 10,
    })
  }
  if (status === 404) {
    return new ProviderError(
      'VALIDATION',
      `The model provider (${host}) answered 404${said}. Check the model name, and that OR3_LLM_BASE_URL points at the API root (it usually ends in /v1).`,
    )
  }
  if (status >= 400 && status < 500) {
    return new ProviderError('VALIDATION', `The model provider (${host}) refused the request (HTTP ${status})${said}`)
  }
  return new ProviderError('UNAVAILABLE', `The model provider (${host}) failed (HTTP ${status})${said}`)
}

/** The upstream could not be reached at all (DNS, refused connection, TLS). */
export function upstreamNetworkError(error: unknown, host: string): ProviderError {
  const reason = error instanceof Error ? error.message : String(error)
  return new ProviderError(
    'UNAVAILABLE',
    `Could not reach the model provider at ${host} (${redactSecrets(reason, [readInstanceLlmKey()])}). Check OR3_LLM_BASE_URL and that the server is running.`,
    { cause: error },
  )
}

/** The human part of an OpenAI-style error body (`{ error: { message } }` and common variants). */
function upstreamMessage(bodyText: string, credential: LlmCredential): string {
  let message = bodyText
  try {
    const body = JSON.parse(bodyText) as Record<string, unknown>
    const error = body.error
    const candidates = [
      typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : error,
      body.message,
      body.detail,
    ]
    const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '')
    if (found !== undefined) message = found
  } catch {
    // not JSON: keep the text
  }
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim()
  const redacted = redactSecrets(clean, [credential.key, readInstanceLlmKey()])
  return redacted.length > MAX_UPSTREAM_MESSAGE ? `${redacted.slice(0, MAX_UPSTREAM_MESSAGE)}…` : redacted
}
