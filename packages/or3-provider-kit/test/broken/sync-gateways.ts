// Sync gateways with ONE deliberate defect each, built by wrapping the reference. Each is a bug
// a real adapter could ship; vacuity.test.ts proves the named suite case catches it.
import type { SyncGatewayAdapter } from '../../src/contracts/server.ts'
import { ProviderError } from '../../src/errors.ts'
import type { PendingOp, SyncChange } from '../../src/schemas/sync.ts'
import { SYNC_LIMITS } from '../../src/schemas/sync.ts'
import { payloadBytes } from '../../src/sync/stamps.ts'
import { createMemorySyncGateway, type SyncGatewayFactory } from '../../src/testing/index.ts'

type Defect = (inner: SyncGatewayAdapter) => SyncGatewayAdapter

const brokenFactory = (defect: Defect): SyncGatewayFactory => ({
  create: ({ now, retentionMs }) => defect(createMemorySyncGateway({ now, retentionMs })),
})

const withOpId = (op: PendingOp, opId: string): PendingOp => ({ ...op, opId, stamp: { ...op.stamp, opId } })

/** Forgets opIds: every arrival is a new op, so replays are applied (and logged) again. */
export const forgetfulPush = brokenFactory((inner) => {
  let arrivals = 0
  const strip = (opId: string) => opId.replace(/#\d+$/, '')
  const restore = <T extends { stamp: SyncChange['stamp'] }>(row: T): T => ({
    ...row,
    stamp: { ...row.stamp, opId: strip(row.stamp.opId) },
  })
  return {
    ...inner,
    async push(ctx, request) {
      const ops = request.ops.map((op) => withOpId(op, `${op.opId}#${++arrivals}`))
      const response = await inner.push(ctx, { ...request, ops })
      return { ...response, results: response.results.map((r) => ({ ...r, opId: strip(r.opId) })) }
    },
    async pull(ctx, request) {
      const response = await inner.pull(ctx, request)
      return { ...response, changes: response.changes.map(restore) }
    },
    async snapshot(ctx, request) {
      const response = await inner.snapshot(ctx, request)
      return { ...response, rows: response.rows.map(restore) }
    },
  }
})

/** Ignores the workspace: every tenant reads and writes one shared namespace. */
export const sharedTenancy = brokenFactory((inner) => {
  const shared = { workspaceId: 'everyone' }
  return {
    ...inner,
    push: (ctx, request) => inner.push(ctx, { ...request, scope: shared }),
    pull: (ctx, request) => inner.pull(ctx, { ...request, scope: shared }),
    snapshot: (ctx, request) => inner.snapshot(ctx, { ...request, scope: shared }),
    updateCursor: (ctx, request) => inner.updateCursor(ctx, { ...request, scope: shared }),
    gcChangeLog: (ctx) => inner.gcChangeLog!(ctx, { scope: shared }),
    gcTombstones: (ctx) => inner.gcTombstones!(ctx, { scope: shared }),
    watch: (_workspaceId, listener) => inner.watch!(shared.workspaceId, listener),
  }
})

/**
 * Orders by arrival instead of (clock, hlc, opId): each new op is stored with a clock above every
 * earlier one, so the last op to arrive always wins. Replays keep their first clock, and clients
 * see their own stamps back, so idempotency and the wire look right.
 */
export const arrivalOrderWins = brokenFactory((inner) => {
  const arrivalClock = new Map<string, number>()
  const sentClock = new Map<string, number>()
  const restore = <T extends { stamp: SyncChange['stamp'] }>(row: T): T => ({
    ...row,
    stamp: { ...row.stamp, clock: sentClock.get(row.stamp.opId) ?? row.stamp.clock },
  })
  return {
    ...inner,
    async push(ctx, request) {
      const ops = request.ops.map((op) => {
        if (!arrivalClock.has(op.opId)) {
          arrivalClock.set(op.opId, 1_000_000 + arrivalClock.size)
          sentClock.set(op.opId, op.stamp.clock)
        }
        return { ...op, stamp: { ...op.stamp, clock: arrivalClock.get(op.opId)! } }
      })
      return inner.push(ctx, { ...request, ops })
    },
    pull: async (ctx, request) => {
      const response = await inner.pull(ctx, request)
      return { ...response, changes: response.changes.map(restore) }
    },
    snapshot: async (ctx, request) => {
      const response = await inner.snapshot(ctx, request)
      return { ...response, rows: response.rows.map(restore) }
    },
  }
})

/** Stores whatever cursor it is given, so a late, lower update moves it backwards. */
export const backwardsCursor = brokenFactory((inner) => ({
  ...inner,
  async updateCursor(ctx, request) {
    await inner.updateCursor(ctx, request)
    return { cursor: request.version }
  },
}))

/** Keeps device cursors where GC doesn't look, so GC collects rows active devices still need. */
export const gcIgnoresCursors = brokenFactory((inner) => {
  const cursors = new Map<string, number>()
  return {
    ...inner,
    async updateCursor(ctx, request) {
      const { version: latest } = await inner.snapshot(ctx, { scope: request.scope, limit: 1 })
      if (request.version > latest) throw new ProviderError('VALIDATION', 'cursor is ahead of the workspace')
      const key = `${request.scope.workspaceId}/${request.deviceId}`
      cursors.set(key, Math.max(request.version, cursors.get(key) ?? 0))
      return { cursor: cursors.get(key)! }
    },
  }
})

/** Never says requiresSnapshot: a device below the GC horizon silently misses changes. */
export const neverRequiresSnapshot = brokenFactory((inner) => ({
  ...inner,
  async pull(ctx, request) {
    const { requiresSnapshot: _, ...response } = await inner.pull(ctx, request)
    return response
  },
}))

/** Reads every snapshot page at the latest version instead of the pinned one. */
export const unpinnedSnapshot = brokenFactory((inner) => ({
  ...inner,
  async snapshot(ctx, request) {
    const response = await inner.snapshot(ctx, { ...request, atVersion: undefined })
    return { ...response, version: request.atVersion ?? response.version }
  },
}))

/** Leaves tombstones out of snapshots, so a bootstrapping device keeps rows deleted elsewhere. */
export const snapshotWithoutTombstones = brokenFactory((inner) => ({
  ...inner,
  async snapshot(ctx, request) {
    const response = await inner.snapshot(ctx, request)
    return { ...response, rows: response.rows.filter((row) => !row.deleted) }
  },
}))

/** Rejects the whole batch for one oversize payload instead of answering a per-op TOO_LARGE. */
export const wholeBatchTooLarge = brokenFactory((inner) => ({
  ...inner,
  async push(ctx, request) {
    if (request.ops.some((op) => payloadBytes(op.payload) > SYNC_LIMITS.maxPayloadBytes)) {
      throw new ProviderError('TOO_LARGE', 'a payload is too large')
    }
    return inner.push(ctx, request)
  },
}))

/** Accepts batches of any size by splitting them. */
export const unboundedBatch = brokenFactory((inner) => ({
  ...inner,
  async push(ctx, request) {
    const results = []
    let serverVersion = 0
    for (let i = 0; i < request.ops.length; i += SYNC_LIMITS.maxOpsPerPush) {
      const part = await inner.push(ctx, { ...request, ops: request.ops.slice(i, i + SYNC_LIMITS.maxOpsPerPush) })
      results.push(...part.results)
      serverVersion = part.serverVersion
    }
    return { results, serverVersion }
  },
}))

/** Drops the tables filter. */
export const ignoresTablesFilter = brokenFactory((inner) => ({
  ...inner,
  pull: (ctx, { tables: _, ...request }) => inner.pull(ctx, request),
}))

/** Accepts listeners and never calls them. */
export const silentWatch = brokenFactory((inner) => ({
  ...inner,
  watch: () => () => {},
}))

/** Ignores the page size: a device asking for 3 changes gets all of them. */
export const ignoresPullLimit = brokenFactory((inner) => ({
  ...inner,
  pull: (ctx, request) => inner.pull(ctx, { ...request, limit: SYNC_LIMITS.maxPullLimit }),
}))

/** Tombstone GC that ignores their age: every tombstone goes, also one a device has not pulled yet. */
export const gcTombstonesIgnoresAge: SyncGatewayFactory = {
  create: ({ now, retentionMs }) => {
    let skew = 0
    const inner = createMemorySyncGateway({ now: () => now() + skew, retentionMs })
    return {
      ...inner,
      async gcTombstones(ctx, request) {
        // Judges age as if every tombstone were ten years old.
        skew = 10 * 365 * 24 * 60 * 60 * 1000
        try {
          return await inner.gcTombstones!(ctx, request)
        } finally {
          skew = 0
        }
      },
    }
  },
}
