import type {
  BackgroundJobStore,
  JobRecord,
  PendingOp,
  PullResponse,
  RateLimitStore,
  SnapshotResponse,
  SyncGatewayAdapter,
} from 'or3-provider-kit'
import { defineBackgroundJobStore } from 'or3-provider-kit/server'
import { refusalAsProviderError } from '../../src/runtime/shared/convex-errors'
import type { Actor } from './actors'
import type { TemplateBackend } from './template-backend'

// TEST HARNESS, not the provider's adapters (those are in src/runtime/server): the thinnest
// mapping from the kit's contracts onto the deployed functions, so the kit's own conformance
// suites can hold the templates to the guarantees they demand of every backend.

/** A refused call becomes the ProviderError the function named (the module's own mapping). */
async function mapped<T>(call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (error) {
    throw refusalAsProviderError(error) ?? error
  }
}

/** Calls a batched GC function until it has nothing more to do. */
async function untilDone(run: () => Promise<{ removed?: number; count?: number; hasMore: boolean }>) {
  let total = 0
  for (let call = 0; call < 1000; call++) {
    const result = await run()
    total += result.removed ?? result.count ?? 0
    if (!result.hasMore) return total
  }
  throw new Error('GC kept answering hasMore')
}

/** Payloads travel as the device's JSON text. */
type OnTheWire<T> = Omit<T, 'payload'> & { payloadJson?: string }

const toWireOp = ({ payload, ...op }: PendingOp) => ({ ...op, ...(payload === undefined ? {} : { payloadJson: JSON.stringify(payload) }) })
const fromWire = <T extends { payloadJson?: string }>({ payloadJson, ...rest }: T) => ({
  ...rest,
  ...(payloadJson === undefined ? {} : { payload: JSON.parse(payloadJson) as Record<string, unknown> }),
})

/**
 * `subscribe`, where the deployment serves a websocket, gives the adapter `watch`: each answer of
 * the subscription past the version last announced (a new workspace starts at 0).
 */
export function syncGatewayOver(actor: Actor, subscribe?: TemplateBackend['subscribeLatestVersion']): SyncGatewayAdapter {
  return {
    id: 'convex',
    ...(subscribe
      ? {
          watch(workspaceId: string, listener: (version: number) => void) {
            let announced = 0
            const unsubscribe = subscribe(workspaceId, (version) => {
              if (version <= announced) return
              announced = version
              listener(version)
            })
            // ConvexClient's unsubscribe throws when called twice; the contract allows it.
            let stopped = false
            return () => {
              if (stopped) return
              stopped = true
              unsubscribe()
            }
          },
        }
      : {}),
    push: (_ctx, { scope, ops }) => mapped(actor.mutation('sync:push', { workspaceId: scope.workspaceId, ops: ops.map(toWireOp) })),
    async pull(_ctx, { scope, ...request }) {
      const answer = await mapped(
        actor.query<Omit<PullResponse, 'changes'> & { changes: OnTheWire<PullResponse['changes'][number]>[] }>('sync:pull', {
          workspaceId: scope.workspaceId,
          ...request,
        }),
      )
      return { ...answer, changes: answer.changes.map(fromWire) }
    },
    async snapshot(_ctx, { scope, ...request }) {
      const answer = await mapped(
        actor.query<Omit<SnapshotResponse, 'rows'> & { rows: OnTheWire<SnapshotResponse['rows'][number]>[] }>('sync:snapshot', {
          workspaceId: scope.workspaceId,
          ...request,
        }),
      )
      return { ...answer, rows: answer.rows.map(fromWire) }
    },
    updateCursor: (_ctx, { scope, ...request }) => mapped(actor.mutation('sync:updateCursor', { workspaceId: scope.workspaceId, ...request })),
    gcChangeLog: async (_ctx, { scope }) => ({
      removed: await untilDone(() => mapped(actor.mutation('sync:gcChangeLog', { workspaceId: scope.workspaceId }))),
    }),
    gcTombstones: async (_ctx, { scope }) => ({
      removed: await untilDone(() => mapped(actor.mutation('sync:gcTombstones', { workspaceId: scope.workspaceId }))),
    }),
  }
}

export function rateLimitStoreOver(server: Actor): RateLimitStore {
  return { id: 'convex', consume: (key, options) => mapped(server.mutation('rateLimits:consume', { key, ...options })) }
}

export function backgroundJobStoreOver(server: Actor): BackgroundJobStore {
  return defineBackgroundJobStore({
    id: 'convex',
    create: (input, admission = {}) => mapped(server.mutation<JobRecord>('jobs:create', { ...input, ...admission })),
    append: (jobId, chunk) => mapped(server.mutation('jobs:append', { jobId, chunk })),
    complete: (jobId, usage) => mapped(server.mutation('jobs:complete', { jobId, ...(usage ? { usage } : {}) })),
    fail: (jobId, message) => mapped(server.mutation('jobs:fail', { jobId, message })),
    abort: (jobId) => mapped(server.mutation('jobs:abort', { jobId })),
    read: (jobId, offset) => mapped(server.query('jobs:read', { jobId, offset })),
    countRunning: (userId) => mapped(server.query('jobs:countRunningJobs', userId === undefined ? {} : { userId })),
    cleanupExpired: async (options) => await untilDone(() => mapped(server.mutation('jobs:cleanupExpired', options))),
  })
}
