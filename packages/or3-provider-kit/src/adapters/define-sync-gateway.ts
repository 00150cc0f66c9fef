import type { z } from 'zod'
import type { SyncCallContext, SyncGatewayAdapter } from '../contracts/server.ts'
import { ProviderError } from '../errors.ts'
import type { ClientMode } from '../schemas/session.ts'
import {
  gcRequestSchema,
  pullRequestSchema,
  pushRequestSchema,
  snapshotRequestSchema,
  updateCursorRequestSchema,
  type GcRequest,
  type GcResponse,
  type OpError,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type PushResult,
  type SnapshotResponse,
  type UpdateCursorRequest,
  type UpdateCursorResponse,
} from '../schemas/sync.ts'
import { checkOpLimits } from '../sync/op-limits.ts'
import { parseArgument, withMappedErrors, wrapMethods, type AdapterOptions, type ArgumentSchemas } from './define-adapter.ts'

/** A pull as the provider receives it: checked, `limit` filled in (≤ 1000). */
export type ValidPullRequest = z.output<typeof pullRequestSchema>
/** A snapshot page request as the provider receives it: checked, `limit` filled in (≤ 1000). */
export type ValidSnapshotRequest = z.output<typeof snapshotRequestSchema>

type Answer<T> = T | Promise<T>

/** The storage logic of a sync backend: requests arrive checked, and limits are already enforced. */
export interface SyncGatewayImplementation extends AdapterOptions {
  readonly clientMode?: ClientMode
  /**
   * Applies the ops that passed the per-op limits (oversize ones never reach you; the factory
   * answers them TOO_LARGE). `ops` may be empty when every op was refused. Answer one result per
   * op, in order, and the workspace's latest version.
   */
  push(ctx: SyncCallContext, request: PushRequest): Answer<PushResponse>
  pull(ctx: SyncCallContext, request: ValidPullRequest): Answer<PullResponse>
  snapshot(ctx: SyncCallContext, request: ValidSnapshotRequest): Answer<SnapshotResponse>
  updateCursor(ctx: SyncCallContext, request: UpdateCursorRequest): Answer<UpdateCursorResponse>
  gcChangeLog?(ctx: SyncCallContext, request: GcRequest): Answer<GcResponse>
  gcTombstones?(ctx: SyncCallContext, request: GcRequest): Answer<GcResponse>
  watch?(workspaceId: string, listener: (serverVersion: number) => void): () => void
}

const SCHEMAS: Record<string, ArgumentSchemas> = {
  pull: [null, ['pull', pullRequestSchema]],
  snapshot: [null, ['snapshot', snapshotRequestSchema]],
  updateCursor: [null, ['cursor update', updateCursorRequestSchema]],
  gcChangeLog: [null, ['gc request', gcRequestSchema]],
  gcTombstones: [null, ['gc request', gcRequestSchema]],
}

/**
 * A SyncGatewayAdapter from its storage logic. The factory parses each request once (not again
 * when the request pipeline already did), refuses batches over 100 ops, answers an op over the
 * payload limit with a per-op TOO_LARGE without storing it, and maps backend failures through
 * `mapError`.
 */
export function defineSyncGateway(implementation: SyncGatewayImplementation): SyncGatewayAdapter {
  const methods = wrapMethods(implementation, SCHEMAS) as unknown as Omit<SyncGatewayAdapter, 'id' | 'push'>
  const { watch } = implementation
  return {
    id: implementation.id,
    ...(implementation.clientMode ? { clientMode: implementation.clientMode } : {}),
    ...methods,
    push: (ctx, request) => withMappedErrors(implementation.mapError, () => pushWithinLimits(implementation, ctx, request)),
    ...(watch ? { watch: (workspaceId, listener) => watch.call(implementation, workspaceId, listener) } : {}),
  }
}

async function pushWithinLimits(
  implementation: SyncGatewayImplementation,
  ctx: SyncCallContext,
  raw: PushRequest,
): Promise<PushResponse> {
  const request = parseArgument('push', pushRequestSchema, raw)
  const refusals: (OpError | null)[] = request.ops.map(checkOpLimits)
  const accepted = request.ops.filter((_, index) => refusals[index] === null)
  const whole = accepted.length === request.ops.length
  const answer = await implementation.push(ctx, whole ? request : { scope: request.scope, ops: accepted })
  if (answer.results.length !== accepted.length) {
    throw new ProviderError(
      'INTERNAL',
      `The '${implementation.id}' sync adapter answered ${answer.results.length} results for ${accepted.length} ops`,
    )
  }
  if (whole) return answer
  // Refused ops were never stored: the same opId may come back fixed.
  let next = 0
  const results = request.ops.map((op, index): PushResult => {
    const refusal = refusals[index]
    return refusal ? { opId: op.opId, applied: false, serverVersion: answer.serverVersion, error: refusal } : answer.results[next++]!
  })
  return { results, serverVersion: answer.serverVersion }
}
