import { classifySyncFailure } from '../http/classify-failure'
import { DEFAULT_BACKOFF, backoffDelay, realScheduler, sleep, type BackoffPolicy, type Scheduler } from '../scheduling/scheduler'

export interface TransferRunnerOptions {
  /** Transfers moving bytes at once; the rest wait their turn. */
  concurrency?: number
  /** Attempts per transfer, the first included. */
  maxAttempts?: number
  backoff?: BackoffPolicy
  scheduler?: Scheduler
  /** Whether another attempt could succeed (a network error could; a 403 could not). */
  isRetryable(error: unknown): boolean
}

export interface TransferRunner {
  /** Runs `task` with retries; a second call with a running key joins the first. */
  run<T>(key: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>
  /** Aborts every running and waiting transfer; their promises reject with `reason`. */
  cancelAll(reason?: unknown): void
  /** Transfers holding a slot right now. */
  readonly active: number
}

/**
 * Limited concurrency, retries with backoff (a server's Retry-After wins) and cancellation, for
 * uploads and downloads alike. A transfer gives its slot back while it waits to retry.
 */
export function createTransferRunner(options: TransferRunnerOptions): TransferRunner {
  const concurrency = options.concurrency ?? 2
  const maxAttempts = options.maxAttempts ?? 5
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const scheduler = options.scheduler ?? realScheduler
  const inflight = new Map<string, Promise<unknown>>()
  const waiters: Array<{ grant(): void; signal: AbortSignal }> = []
  let active = 0
  let generation = new AbortController()

  function acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason)
    if (active < concurrency) {
      active++
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        signal,
        grant: () => {
          signal.removeEventListener('abort', onAbort)
          active++
          resolve()
        },
      }
      const onAbort = () => {
        waiters.splice(waiters.indexOf(waiter), 1)
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      waiters.push(waiter)
    })
  }

  function release(): void {
    active--
    const next = waiters.shift()
    next?.grant()
  }

  async function attemptAll<T>(task: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await acquire(signal)
      let failure: unknown
      try {
        return await untilAborted(task(signal), signal)
      } catch (error) {
        if (signal.aborted) throw signal.reason
        if (attempt >= maxAttempts || !options.isRetryable(error)) throw error
        failure = error
      } finally {
        release()
      }
      const { retryAfterMs } = classifySyncFailure(failure)
      await sleep(scheduler, retryAfterMs ?? backoffDelay(attempt, backoff, scheduler.random), signal)
    }
  }

  return {
    run<T>(key: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
      const running = inflight.get(key)
      if (running) return running as Promise<T>
      const promise = attemptAll(task, generation.signal).finally(() => inflight.delete(key))
      inflight.set(key, promise)
      return promise
    },
    cancelAll(reason = new DOMException('The transfers of this workspace were cancelled', 'AbortError')) {
      generation.abort(reason)
      generation = new AbortController()
    },
    get active() {
      return active
    },
  }
}

/** A task that ignores its signal (a provider call without one) still ends when cancelled. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
