import { isOfflineError, isProviderError } from 'or3-provider-kit'

/**
 * How the sync engine and the storage queue react to a failed request:
 * - `offline`: the server was not reached (or is down): wait with backoff, show "offline";
 * - `throttled`: 429: wait as long as the server said, keep showing "syncing";
 * - `error`: the server refused the caller (signed out, access removed, sync off): show the
 *   message and retry slowly, since signing in again or an admin can fix it.
 */
export interface SyncFailure {
  kind: 'offline' | 'throttled' | 'error'
  message: string
  /** The server's Retry-After, in ms. */
  retryAfterMs?: number
}

export function classifySyncFailure(error: unknown): SyncFailure {
  const message = error instanceof Error ? error.message : String(error)
  if (isOfflineError(error)) return { kind: 'offline', message }
  if (!isProviderError(error)) return { kind: 'error', message: `Sync failed: ${message}` }
  const retryAfterMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000
  switch (error.code) {
    case 'RATE_LIMITED':
      return { kind: 'throttled', message, retryAfterMs }
    case 'UNAVAILABLE':
      return { kind: 'offline', message, retryAfterMs }
    default:
      return { kind: 'error', message }
  }
}
