import {
  ProviderError,
  pullRequestSchema,
  pushRequestSchema,
  snapshotRequestSchema,
  updateCursorRequestSchema,
  type PullRequest,
  type PushRequest,
  type SnapshotRequest,
  type SyncGatewayAdapter,
  type SyncProvider,
  type UpdateCursorRequest,
} from 'or3-provider-kit'
import { createMemorySyncGateway } from 'or3-provider-kit/testing/memory'

type Method = 'push' | 'pull' | 'snapshot' | 'updateCursor'

/**
 * A client SyncProvider over the kit's in-memory reference server: real LWW, idempotency,
 * paging and GC, plus hooks to fail the next call of a method and a log of every call.
 */
export function createMemorySyncServer(options: { now?: () => number; retentionMs?: number } = {}) {
  const gateway: SyncGatewayAdapter = createMemorySyncGateway(options)
  const ctx = { userId: 'user-1' }
  const failures: Array<{ method: Method; error: unknown }> = []
  const calls: Array<{ method: Method; request: unknown }> = []
  const hooks: Partial<Record<Method, (request: any) => void | Promise<void>>> = {}

  async function call<T>(method: Method, request: unknown, run: () => Promise<T>): Promise<T> {
    calls.push({ method, request: structuredClone(request) })
    await hooks[method]?.(request)
    const index = failures.findIndex((f) => f.method === method)
    if (index >= 0) throw failures.splice(index, 1)[0]!.error
    return run()
  }

  function providerFor(): SyncProvider {
    const subscriptions = new Set<() => void>()
    return {
      id: 'memory',
      mode: 'gateway',
      push: (r: PushRequest) => call('push', r, () => gateway.push(ctx, pushRequestSchema.parse(r))),
      pull: (r: PullRequest) => call('pull', r, () => gateway.pull(ctx, pullRequestSchema.parse(r))),
      snapshot: (r: SnapshotRequest) => call('snapshot', r, () => gateway.snapshot(ctx, snapshotRequestSchema.parse(r))),
      updateCursor: (r: UpdateCursorRequest) =>
        call('updateCursor', r, () => gateway.updateCursor(ctx, updateCursorRequestSchema.parse(r))),
      subscribe(scope, handlers) {
        const stop = gateway.watch!(scope.workspaceId, handlers.onVersion)
        subscriptions.add(stop)
        return () => {
          stop()
          subscriptions.delete(stop)
        }
      },
    }
  }

  return {
    gateway,
    ctx,
    calls,
    hooks,
    providerFor,
    /** The next call of `method` throws `error` (after being logged). */
    failNext(method: Method, error: unknown = new ProviderError('UNAVAILABLE', 'down for a test')) {
      failures.push({ method, error })
    },
    callsOf(method: Method) {
      return calls.filter((c) => c.method === method)
    },
  }
}
