/**
 * Time, timers and randomness the sync engine and the storage queue use, injected so tests drive
 * retries and backoff without real waiting.
 */
export interface Scheduler {
  now(): number
  /** Runs `task` after `ms`; returns a function that cancels it. */
  schedule(task: () => void, ms: number): () => void
  /** In [0, 1): the jitter source. */
  random(): number
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(task, ms) {
    const handle = setTimeout(task, ms)
    return () => clearTimeout(handle)
  },
  random: () => Math.random(),
}

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 }

/**
 * Exponential backoff with "full jitter" (a random delay up to the exponential ceiling), so a
 * fleet of devices coming back online does not retry in lockstep. `attempt` starts at 1.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
  // Never 0: a retry loop must yield.
  return Math.max(policy.baseMs / 2, Math.round(ceiling * random()))
}

/** Waits `ms` on the scheduler; rejects with the signal's reason when aborted. */
export function sleep(scheduler: Scheduler, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const cancel = scheduler.schedule(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      cancel()
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
