import { ProviderError } from 'or3-provider-kit'
import { formatWait, hashSubject } from './attempt-limits'

export interface SignInBackoffSettings {
  /** Consecutive failures that cost nothing extra (typos happen). */
  freeFailures: number
  /** The wait after the first failure beyond the free ones; it doubles with each further failure. */
  baseDelayMs: number
  maxDelayMs: number
  /** A streak with no failure for this long is forgotten. */
  forgetAfterMs: number
  /** Streaks tracked at most; the oldest go first, so a flood of addresses cannot grow memory. */
  maxTracked: number
}

export const SIGN_IN_BACKOFF: SignInBackoffSettings = {
  freeFailures: 3,
  baseDelayMs: 1000,
  maxDelayMs: 60 * 1000,
  forgetAfterMs: 15 * 60 * 1000,
  maxTracked: 10_000,
}

export interface SignInBackoff {
  /** Throws RATE_LIMITED (with retry-after) while `subject` must still wait after its last failure. */
  check(subject: string): void
  recordFailure(subject: string): void
  /** A correct password ends the streak. */
  recordSuccess(subject: string): void
}

/**
 * A growing pause between failed sign-ins of one subject (an account from one address): 1 s
 * after the 4th consecutive failure, then 2, 4, ... up to a minute. It slows guessing without
 * locking anyone else out, since every other address keeps its own streak. Kept in this process
 * (the attempt limits in the shared RateLimitStore hold across instances).
 */
export function createSignInBackoff(now: () => number, settings: SignInBackoffSettings = SIGN_IN_BACKOFF): SignInBackoff {
  const streaks = new Map<string, { failures: number; lastFailureAt: number }>()

  function current(key: string, at: number) {
    const streak = streaks.get(key)
    if (streak && at - streak.lastFailureAt >= settings.forgetAfterMs) {
      streaks.delete(key)
      return undefined
    }
    return streak
  }

  function delayAfter(failures: number): number {
    const beyond = failures - settings.freeFailures
    if (beyond <= 0) return 0
    return Math.min(settings.baseDelayMs * 2 ** (beyond - 1), settings.maxDelayMs)
  }

  return {
    check(subject) {
      const at = now()
      const streak = current(hashSubject(subject), at)
      if (!streak) return
      const waitMs = streak.lastFailureAt + delayAfter(streak.failures) - at
      if (waitMs <= 0) return
      const retryAfterSeconds = Math.ceil(waitMs / 1000)
      throw new ProviderError(
        'RATE_LIMITED',
        `Too many failed sign-ins for this account from your network; try again in ${formatWait(retryAfterSeconds)}`,
        { retryAfterSeconds },
      )
    },
    recordFailure(subject) {
      const at = now()
      const key = hashSubject(subject)
      const failures = (current(key, at)?.failures ?? 0) + 1
      // Re-inserted, so map order is least recently failed first.
      streaks.delete(key)
      streaks.set(key, { failures, lastFailureAt: at })
      if (streaks.size > settings.maxTracked) streaks.delete(streaks.keys().next().value!)
    },
    recordSuccess(subject) {
      streaks.delete(hashSubject(subject))
    },
  }
}
