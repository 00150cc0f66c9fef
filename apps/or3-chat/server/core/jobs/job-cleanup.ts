import type { BackgroundJobStore, Or3CloudConfig } from 'or3-provider-kit'

const CLEANUP_EVERY_MS = 60_000
/** Finished output stays this long: a client that was closed meanwhile still finds it. */
const KEEP_ENDED_JOBS_MS = 24 * 60 * 60 * 1000
/** The runner times its own jobs out; this only catches jobs orphaned by a crash or restart. */
const ORPHAN_GRACE_MS = 60_000

let timer: ReturnType<typeof setInterval> | undefined

/**
 * Starts the periodic `cleanupExpired` the first time chat or jobs are used (lazily, so a
 * server that never generates in the background runs no timer). One timer per process.
 */
export function ensureJobCleanup(jobs: BackgroundJobStore, config: Or3CloudConfig): void {
  if (timer !== undefined) return
  timer = setInterval(() => {
    jobs
      .cleanupExpired({
        olderThanMs: KEEP_ENDED_JOBS_MS,
        timeoutMs: config.backgroundStreaming.jobTimeoutMs + ORPHAN_GRACE_MS,
      })
      .catch((error) => {
        console.error(`[or3] background job cleanup failed: ${error instanceof Error ? error.message : String(error)}`)
      })
  }, CLEANUP_EVERY_MS)
  // Never keeps the process alive on its own.
  timer.unref?.()
}
