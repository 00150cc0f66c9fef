import { ConvexError } from 'convex/values'

/** The codes of OR3's ProviderError: the OR3 server maps `ConvexError.data.code` back to them. */
export type Or3ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VALIDATION'
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'NOT_CONFIGURED'

// A type alias, not an interface: ConvexError data must be assignable to a Convex Value.
export type Or3ErrorData = {
  code: Or3ErrorCode
  message: string
  /** Seconds until a retry may succeed (RATE_LIMITED). */
  retryAfterSeconds?: number
}

/**
 * Refuses the call. The message is a sentence the user (or operator) can act on; it travels to
 * the caller as `errorData`, while any other thrown error reaches it only as "Server Error".
 */
export function fail(code: Or3ErrorCode, message: string, retryAfterSeconds?: number): never {
  const data: Or3ErrorData = { code, message }
  if (retryAfterSeconds !== undefined) data.retryAfterSeconds = retryAfterSeconds
  throw new ConvexError(data)
}
