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

type ErrorEnvelopeLike = { error?: { code?: unknown; message?: unknown; fields?: unknown } }

/** Reads the server's `{ error: { code, message, fields? } }` envelope from a failed response. */
export async function toChatRequestError(response: Response): Promise<ChatRequestError> {
  const retryAfter = Number(response.headers.get('retry-after'))
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null
  let envelope: ErrorEnvelopeLike | null = null
  try {
    envelope = (await response.json()) as ErrorEnvelopeLike | null
  } catch {
    // not JSON: a proxy in between answered
  }
  const error = envelope?.error
  const code = typeof error?.code === 'string' ? error.code : 'HTTP'
  const message = typeof error?.message === 'string' ? error.message : `The server answered HTTP ${response.status}`
  const fields = typeof error?.fields === 'object' && error.fields !== null ? (error.fields as Record<string, string[]>) : null
  return new ChatRequestError(response.status, code, message, retryAfterSeconds, fields)
}
