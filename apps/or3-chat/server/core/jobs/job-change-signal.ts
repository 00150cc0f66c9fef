/**
 * In-process wake-ups for job readers: the runner signals after each append and at the end, so
 * a stream in this process forwards output at once. Readers still poll the store, because the
 * job may be running in another server instance that shares the store.
 */
const listeners = new Map<string, Set<() => void>>()

export function signalJobChanged(jobId: string): void {
  for (const listener of listeners.get(jobId) ?? []) listener()
}

/** Calls `listener` on every change of the job; returns the unsubscribe function. */
export function watchJobChanges(jobId: string, listener: () => void): () => void {
  let set = listeners.get(jobId)
  if (!set) listeners.set(jobId, (set = new Set()))
  set.add(listener)
  return () => {
    set.delete(listener)
    if (set.size === 0) listeners.delete(jobId)
  }
}
