import { parseRetryAfter, readErrorEnvelope } from '../../http/error-envelope'

/** A chat or job request the server refused, with the server's code and actionable message. */
export class ChatRequestError extends Error {
  readonly status: number
  /** The server's ProviderError code (`VALIDATION`, `RATE_LIMITED`, ...), or `HTTP` when unknown. */
  readonly code: string
  readonly retryAfterSeconds: number | null
  readonly fields: Record<string, string[]> | null

  constructor(status: number, code: string, message: string, retryAfterSeconds: number | null, fields: Record<string, string[]> | null) {
    super(message)
    this.name = 'ChatRequestError'
    this.status = status
    this.code = code
    this.retryAfterSeconds = retryAfterSeconds
    this.fields = fields
  }

  /** True when the user must add (or fix) their own API key: the UI shows the key setting. */
  get needsUserKey(): boolean {
    return this.fields !== null && Object.keys(this.fields).some((field) => field.startsWith('headers.'))
  }
}

/** Reads the server's error envelope (the same one every core endpoint sends) from a failed response. */
export async function toChatRequestError(response: Response): Promise<ChatRequestError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after')) || null
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    // not JSON: a proxy in between answered
  }
  const envelope = readErrorEnvelope(body)
  return new ChatRequestError(
    response.status,
    envelope?.code ?? 'HTTP',
    envelope?.message ?? `The server answered HTTP ${response.status}`,
    retryAfterSeconds,
    envelope?.fields ?? null,
  )
}
