import type { SyncProvider } from 'or3-provider-kit'
import type { BulkProgress } from '../db/change-feed'
import type { HybridLogicalClock } from '../db/hlc'
import { writeLastError } from '../db/sync-state'
import type { WorkspaceDatabase } from '../db/workspace-database'
import { classifySyncFailure, type SyncFailure } from '../http/classify-failure'
import { refusedOps } from './refused-ops'
import { countOutbox, discardParked, parkOps, settleBatch, takeBatch, unparkAll } from './outbox'
import { pullChanges } from './pull-changes'
import { DEFAULT_BACKOFF, backoffDelay, realScheduler, type BackoffPolicy, type Scheduler } from '../scheduling/scheduler'
import { createSerialTask } from '../scheduling/serial-task'
import { createSyncStatusStore, type SyncStatusStore } from './sync-status'

export interface SyncEngineOptions {
  db: WorkspaceDatabase
  workspaceId: string
  deviceId: string
  provider: SyncProvider
  hlc: HybridLogicalClock
  scheduler?: Scheduler
  backoff?: BackoffPolicy
  /** How often to pull while the realtime stream is down. */
  pollIntervalMs?: number
  /** Wait after a local write before pushing, so a burst of writes goes out as one batch. */
  pushDelayMs?: number
  pullPageSize?: number
  snapshotPageSize?: number
}

export interface SyncEngine {
  readonly workspaceId: string
  readonly status: SyncStatusStore
  /** Pushes what is pending, pulls, and listens for new server versions. */
  start(): void
  /** Stops timers and the stream; requests in flight finish but change nothing visible. */
  stop(): void
  /** A local write queued an op (wire LocalWriter's onCaptured here). */
  notifyLocalWrite(): void
  /** Pull soon (e.g. the user asked to refresh). Honours a running backoff. */
  requestPull(): void
  /** The network came back: forget backoff, push and pull at once, reopen the stream. */
  reconnect(): void
  /** Pushes and pulls now; resolves when both are done (tests, a "sync now" button). */
  syncNow(): Promise<void>
  /** Resolves when no push or pull is running. */
  whenIdle(): Promise<void>
  /** Sends parked ops again (after the user fixed what the server refused). */
  retryFailed(): Promise<void>
  /** Drops parked ops; their local rows stay unsynced until edited again. */
  discardFailed(): Promise<void>
}

type TimerName = 'push' | 'pull' | 'poll' | 'resubscribe'

/**
 * One workspace's sync: the outbox push loop, the pull loop, the realtime subscription with a
 * polling fallback, and the status the UI shows. Every moving part is injected (provider,
 * scheduler, clock), so it runs the same in a browser and in a Node test.
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, workspaceId, deviceId, provider, hlc } = options
  const scheduler = options.scheduler ?? realScheduler
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const pollIntervalMs = options.pollIntervalMs ?? 20_000
  const pushDelayMs = options.pushDelayMs ?? 200
  const scope = { workspaceId }
  const status = createSyncStatusStore()

  let running = false
  let busy = 0
  // Per direction: a viewer's pushes fail while its pulls work, and one must not hide the other.
  const failures: { push: SyncFailure | null; pull: SyncFailure | null } = { push: null, pull: null }
  // True at start: an error stored by an earlier session is cleared by the first success.
  let storedError = true
  let reportedCursor: number | null = null
  let knownCursor = 0
  /** How far the running bootstrap or long catch-up got; null when none runs. */
  let bulkProgress: BulkProgress | null = null
  let unsubscribe: (() => void) | null = null
  const attempts = { push: 0, pull: 0, subscribe: 0 }
  // A failed push/pull waits for its retry timer; new triggers must not cut a backoff (or a
  // server's Retry-After) short.
  const backingOff = { push: false, pull: false }
  /** Cancel functions of the armed timers. */
  const timers = new Map<TimerName, () => void>()

  const setTimer = (name: TimerName, task: () => void, ms: number) => {
    timers.get(name)?.()
    timers.set(
      name,
      scheduler.schedule(() => {
        timers.delete(name)
        task()
      }, ms),
    )
  }
  const clearTimer = (name: TimerName) => {
    timers.get(name)?.()
    timers.delete(name)
  }

  const pushTask = createSerialTask(runPush)
  const pullTask = createSerialTask(runPull)

  async function runPush(): Promise<void> {
    if (!running) return
    busy++
    backingOff.push = false
    let pushed = false
    try {
      for (;;) {
        const batch = await takeBatch(db)
        if (!running || batch.length === 0) break
        try {
          const response = await provider.push({ scope, ops: batch.map((row) => row.op) })
          await settleBatch(db, batch, response.results)
          pushed = true
        } catch (error) {
          const refused = refusedOps(error, batch.length)
          if (!refused) throw error
          await parkOps(db, refused.indexes.map((i) => batch[i]!), refused.error)
        }
      }
      attempts.push = 0
      // An empty outbox has nothing failing either (its ops may have lost to pulled winners).
      await markReachable('push')
      // What we pushed is now on the server; pulling brings back winners of lost ops and
      // everything other devices wrote meanwhile.
      if (pushed && running) void pullTask.trigger()
    } catch (error) {
      if (running) await scheduleRetry('push', error)
    } finally {
      busy--
      await refreshStatus()
    }
  }

  /**
   * Bulk work is announced on the database's change feed, so live queries hold still while pages
   * land (they refresh at their own pace), and the status says how far it got.
   */
  function reportBulkProgress(progress: BulkProgress): void {
    if (!running) return
    if (!bulkProgress) db.changeFeed.emit({ type: 'bulk-start' })
    bulkProgress = progress
    db.changeFeed.emit({ type: 'bulk-progress', progress })
    void refreshStatus()
  }

  async function runPull(): Promise<void> {
    if (!running) return
    busy++
    backingOff.pull = false
    try {
      const outcome = await pullChanges({
        db,
        provider,
        workspaceId,
        deviceId,
        hlc,
        pageSize: options.pullPageSize,
        snapshotPageSize: options.snapshotPageSize,
        reportedCursor,
        onProgress: reportBulkProgress,
      })
      reportedCursor = outcome.reportedCursor
      knownCursor = outcome.cursor
      attempts.pull = 0
      await markReachable('pull')
    } catch (error) {
      if (running) await scheduleRetry('pull', error)
    } finally {
      busy--
      if (bulkProgress) {
        bulkProgress = null
        db.changeFeed.emit({ type: 'bulk-end' })
      }
      await refreshStatus()
    }
  }

  async function scheduleRetry(kind: 'push' | 'pull', error: unknown): Promise<void> {
    const classified = classifySyncFailure(error)
    attempts[kind]++
    // Throttling is not a failure to show: the change is on its way, a little later.
    failures[kind] = classified.kind === 'throttled' ? null : classified
    if (classified.kind === 'error') {
      storedError = true
      // Only a diagnostic for the next session: failing to store it must not stop the retry.
      await writeLastError(db, { message: classified.message, at: scheduler.now() }).catch(() => undefined)
    }
    const delay = classified.retryAfterMs ?? backoffDelay(attempts[kind], backoff, scheduler.random)
    backingOff[kind] = true
    setTimer(kind, () => void (kind === 'push' ? pushTask : pullTask).trigger(), delay)
  }

  async function markReachable(kind: 'push' | 'pull'): Promise<void> {
    failures[kind] = null
    if (storedError && !failures.push && !failures.pull) {
      storedError = false
      await writeLastError(db, null)
    }
  }

  async function refreshStatus(): Promise<void> {
    if (!running) return
    let counts: Awaited<ReturnType<typeof countOutbox>>
    try {
      counts = await countOutbox(db)
    } catch (error) {
      // The database closes when the workspace is switched; a stopped engine shows nothing.
      if (!running) return
      const message = error instanceof Error ? error.message : String(error)
      status.set({ state: 'error', pending: status.get().pending, message: `This device's database failed: ${message}`, failedOps: 0 })
      return
    }
    if (!running) return
    const { pending, failed } = counts
    const failure = failures.push?.kind === 'error' ? failures.push : (failures.pull ?? failures.push)
    if (failed.length) {
      const first = failed[0]!.error!
      const message =
        failed.length === 1
          ? `A change could not sync: ${first.message}`
          : `${failed.length} changes could not sync; the first: ${first.message}`
      status.set({ state: 'error', pending, message, failedOps: failed.length })
    } else if (failure?.kind === 'error') {
      status.set({ state: 'error', pending, message: failure.message, failedOps: 0 })
    } else if (failure?.kind === 'offline') {
      status.set({ state: 'offline', pending })
    } else if (pending > 0 || busy > 0) {
      status.set({ state: 'syncing', pending, ...(bulkProgress ? { progress: bulkProgress } : {}) })
    } else {
      status.set({ state: 'synced', pending: 0 })
    }
  }

  function subscribe(): void {
    if (!running) return
    if (!provider.subscribe) return startPolling()
    const onDown = () => {
      unsubscribe = null
      if (!running) return
      startPolling()
      attempts.subscribe++
      setTimer('resubscribe', () => {
        subscribe()
        // Versions announced while the stream was down were missed.
        void pullTask.trigger()
      }, backoffDelay(attempts.subscribe, backoff, scheduler.random))
    }
    try {
      unsubscribe = provider.subscribe(scope, {
        onVersion(serverVersion) {
          attempts.subscribe = 0
          if (serverVersion > knownCursor && !backingOff.pull) void pullTask.trigger()
        },
        onDown,
      })
      // Optimistic: a stream that cannot open reports onDown at once and polling resumes.
      stopPolling()
    } catch {
      onDown()
    }
  }

  function startPolling(): void {
    if (timers.has('poll') || !running) return
    const tick = () => {
      if (!running) return
      if (!backingOff.pull) void pullTask.trigger()
      setTimer('poll', tick, pollIntervalMs)
    }
    setTimer('poll', tick, pollIntervalMs)
  }

  function stopPolling(): void {
    clearTimer('poll')
  }

  return {
    workspaceId,
    status,
    start() {
      if (running) return
      running = true
      void refreshStatus()
      void pushTask.trigger()
      void pullTask.trigger()
      subscribe()
    },
    stop() {
      running = false
      for (const name of [...timers.keys()]) clearTimer(name)
      unsubscribe?.()
      unsubscribe = null
    },
    notifyLocalWrite() {
      if (!running) return
      void refreshStatus()
      if (backingOff.push || timers.has('push')) return
      setTimer('push', () => void pushTask.trigger(), pushDelayMs)
    },
    requestPull() {
      if (running && !backingOff.pull) void pullTask.trigger()
    },
    reconnect() {
      if (!running) return
      attempts.push = attempts.pull = attempts.subscribe = 0
      backingOff.push = backingOff.pull = false
      clearTimer('push')
      clearTimer('pull')
      void pushTask.trigger()
      void pullTask.trigger()
      if (!unsubscribe) {
        clearTimer('resubscribe')
        subscribe()
      }
    },
    async syncNow() {
      if (!running) return
      await pushTask.trigger()
      await pullTask.trigger()
    },
    async whenIdle() {
      while (pushTask.running || pullTask.running) await Promise.all([pushTask.idle(), pullTask.idle()])
    },
    async retryFailed() {
      await unparkAll(db)
      if (!running) return
      await refreshStatus()
      void pushTask.trigger()
    },
    async discardFailed() {
      await discardParked(db)
      await refreshStatus()
    },
  }
}
