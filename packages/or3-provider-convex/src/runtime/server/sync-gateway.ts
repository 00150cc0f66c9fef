import type { ClientMode, SyncGatewayAdapter } from 'or3-provider-kit'
import { CONVEX_FUNCTIONS } from '../functions'
import { createSyncCalls } from '../shared/sync-calls'
import type { DeploymentClient } from './deployment-client'
import type { VersionWatcher } from './version-watcher'

const { sync } = CONVEX_FUNCTIONS

/** Calls GC until the deployment says nothing is left (it works in bounded batches). */
async function collectAll(run: () => Promise<{ removed: number; hasMore: boolean }>): Promise<{ removed: number }> {
  let removed = 0
  for (let batch = 0; batch < 1000; batch++) {
    const result = await run()
    removed += result.removed
    if (!result.hasMore) return { removed }
  }
  return { removed }
}

/**
 * OR3's sync protocol on the deployment. Push, pull, snapshot, cursors and GC run as the
 * request's user (the functions check the role again); `watch` hears every new version of a
 * workspace, whichever OR3 instance (or device, in direct mode) wrote it.
 */
export function createConvexSyncGateway(options: { convex: DeploymentClient; watcher: VersionWatcher; clientMode?: ClientMode }): SyncGatewayAdapter {
  const { convex } = options
  const calls = createSyncCalls({
    query: (path, args) => convex.query(path, args),
    mutation: (path, args, callOptions) => convex.mutation(path, args, callOptions),
  })
  return {
    id: 'convex',
    ...(options.clientMode === 'direct' ? { clientMode: 'direct' as const } : {}),
    push: (_ctx, request) => calls.push(request),
    pull: (_ctx, request) => calls.pull(request),
    snapshot: (_ctx, request) => calls.snapshot(request),
    updateCursor: (_ctx, request) => calls.updateCursor(request),
    // GC repeated is GC again: safe to retry.
    gcChangeLog: (_ctx, { scope }) =>
      collectAll(() => convex.mutation(sync.gcChangeLog, { workspaceId: scope.workspaceId }, { idempotent: true })),
    gcTombstones: (_ctx, { scope }) =>
      collectAll(() => convex.mutation(sync.gcTombstones, { workspaceId: scope.workspaceId }, { idempotent: true })),
    watch: (workspaceId, listener) => options.watcher.watch(workspaceId, listener),
  }
}
