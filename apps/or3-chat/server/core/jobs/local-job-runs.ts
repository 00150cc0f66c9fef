/**
 * Generations running in THIS process, by job id, so an abort request stops the upstream at once.
 * A job running in another instance stops at its next write instead: the store refuses appends
 * to an aborted job (CONFLICT), and the runner then aborts its upstream.
 */
const runs = new Map<string, AbortController>()

export function trackLocalRun(jobId: string, controller: AbortController): () => void {
  runs.set(jobId, controller)
  return () => {
    if (runs.get(jobId) === controller) runs.delete(jobId)
  }
}

/** Aborts the job's upstream request if it runs here; false when it does not. */
export function abortLocalRun(jobId: string): boolean {
  const controller = runs.get(jobId)
  if (!controller) return false
  controller.abort()
  return true
}

/** How many generations run in this process now (the admin page's "running jobs"). */
export function countLocalRuns(): number {
  return runs.size
}
