import type { BackgroundJobStore, Or3CloudConfig } from 'or3-provider-kit'

const CLEANUP_EVERY_MS = 60_000
/** Finished output stays this long: a client that was closed meanwhile still finds it. */
const KEEP_ENDED_JOBS_MS = 24 * 60 * 60 * 1000
/** The runner times its own jobs out; this only catches jobs orphaned by a crash or restart. */
const ORPHAN_GRACE_MS = 60_000

/**
 * Runs the job store's `cleanupExpired` every minute from boot, so jobs orphaned by a crash are
 * failed (and old output removed) even when nobody chats. Returns the function that stops it.
 */
export function startJobCleanup(
  jobs: BackgroundJobStore,
  config: Or3CloudConfig,
  log: Pick<Console, 'error'> = console,
): () => void {
  const timer = setInterval(() => {
    jobs
      .cleanupExpired({
        olderThanMs: KEEP_ENDED_JOBS_MS,
        timeoutMs: config.backgroundStreaming.jobTimeoutMs + ORPHAN_GRACE_MS,
      })
      .catch((error) => {
        log.error(`[or3] background job cleanup failed: ${error instanceof Error ? error.message : String(error)}`)
      })
  }, CLEANUP_EVERY_MS)
  // Never keeps the process alive on its own.
  timer.unref?.()
  return () => clearInterval(timer)
}
