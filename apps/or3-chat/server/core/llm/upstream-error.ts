import { ProviderError } from 'or3-provider-kit'
import { allInstanceLlmKeys } from './instance-llm-key'
import { redactSecrets } from './redact-secrets'
import type { LlmCredential } from './select-llm-key'
import { recordUpstreamFault } from './upstream-faults'

const MAX_UPSTREAM_MESSAGE = 300
const TELL_OPERATOR = 'If it keeps happening, tell whoever runs this OR3 server.'

/**
 * Maps a non-2xx upstream answer to a ProviderError whose message the user can act on. The
 * upstream's own words are kept (after redaction: they are usually the most useful part); what
 * only the operator can fix (env names, base URL) goes to the log and the admin status instead.
 * There is no 502 code in the kit, so failures of the upstream itself are UNAVAILABLE (503).
 */
export function upstreamHttpError(input: {
  status: number
  bodyText: string
  retryAfter: string | null
  credential: LlmCredential
  host: string
  /** The model asked for (chat requests), to name it in a 404. */
  model?: string
}): ProviderError {
  const { status, credential, host } = input
  const detail = upstreamMessage(input.bodyText, credential)
  const said = detail ? `: ${detail}` : ''
  const record = (operatorHint: string) =>
    recordUpstreamFault('http', `${host} answered HTTP ${status}${said}${operatorHint ? `. ${operatorHint}` : ''}`)

  if (status === 401 || status === 402 || status === 403) {
    if (credential.source === 'user') {
      return new ProviderError(
        'VALIDATION',
        `The model provider (${host}) refused your API key (HTTP ${status})${said}. Check the key in Settings → API key.`,
      )
    }
    record('The instance key (OR3_LLM_API_KEY) was refused: check it, or the account behind it')
    return new ProviderError(
      'UNAVAILABLE',
      `The model provider (${host}) refused this server's API key (HTTP ${status})${said}. Tell whoever runs this OR3 server; meanwhile, your own key in Settings → API key may work.`,
    )
  }
  if (status === 429) {
    const seconds = Number(input.retryAfter)
    return new ProviderError('RATE_LIMITED', `The model provider (${host}) is rate limiting requests${said}`, {
      retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 10,
    })
  }
  if (status === 404) {
    record(
      `Check the model name${input.model ? ` ('${input.model}')` : ''}, and that OR3_LLM_BASE_URL points at the API root (it usually ends in /v1)`,
    )
    const what = input.model ? `the model "${input.model}"` : 'this request'
    return new ProviderError(
      'VALIDATION',
      `The model provider (${host}) does not know ${what} (HTTP 404)${said}. Choose another model. ${TELL_OPERATOR}`,
    )
  }
  if (status >= 400 && status < 500) {
    record('')
    return new ProviderError('VALIDATION', `The model provider (${host}) refused the request (HTTP ${status})${said}`)
  }
  record('')
  return new ProviderError('UNAVAILABLE', `The model provider (${host}) failed (HTTP ${status})${said}. Try again in a moment.`)
}

/** The upstream could not be reached at all (DNS, refused connection, TLS). */
export function upstreamNetworkError(error: unknown, host: string): ProviderError {
  const reason = redactSecrets(error instanceof Error ? error.message : String(error), allInstanceLlmKeys())
  recordUpstreamFault('unreachable', `Could not reach ${host} (${reason}): check OR3_LLM_BASE_URL and that the model server runs`)
  return new ProviderError('UNAVAILABLE', `Could not reach the model provider. Try again in a moment. ${TELL_OPERATOR}`, {
    cause: error,
  })
}

/** The upstream accepted the connection but sent no response headers in time. */
export function upstreamHeadersTimeoutError(host: string, timeoutMs: number): ProviderError {
  const seconds = Math.round(timeoutMs / 1000)
  recordUpstreamFault(
    'timeout',
    `${host} sent no response within ${seconds} s; the request was cancelled (OR3_LLM_HEADERS_TIMEOUT_SECONDS raises the limit, e.g. for slow model loading)`,
  )
  return new ProviderError('UNAVAILABLE', `The model did not start answering within ${seconds} s. Try again in a moment. ${TELL_OPERATOR}`)
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
  const redacted = redactSecrets(clean, [credential.key, ...allInstanceLlmKeys()])
  return redacted.length > MAX_UPSTREAM_MESSAGE ? `${redacted.slice(0, MAX_UPSTREAM_MESSAGE)}…` : redacted
}
