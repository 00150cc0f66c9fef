import { v, type Infer } from 'convex/values'
import type { MutationCtx, QueryCtx } from '../_generated/server'
import { checkCount, checkText, SYNC_LIMITS, SYNCED_TABLES, TEXT_LIMITS, utf8Length, validation } from './protocol'
import { canonicalJson, compareStamps, sha256Hex } from './stamps'

export const stampValidator = v.object({
  deviceId: v.string(),
  opId: v.string(),
  hlc: v.string(),
  clock: v.number(),
})

/** A device's op. The payload travels as JSON text: row fields are not Convex field names. */
export const pendingOpValidator = v.object({
  opId: v.string(),
  tableName: v.string(),
  operation: v.union(v.literal('put'), v.literal('delete')),
  pk: v.string(),
  payloadJson: v.optional(v.string()),
  stamp: stampValidator,
})
export type PendingOp = Infer<typeof pendingOpValidator>

export const pushResultValidator = v.object({
  opId: v.string(),
  applied: v.boolean(),
  serverVersion: v.number(),
  error: v.optional(
    v.object({
      code: v.union(v.literal('CONFLICT'), v.literal('VALIDATION'), v.literal('TOO_LARGE')),
      message: v.string(),
    }),
  ),
})
export type PushResult = Infer<typeof pushResultValidator>

export async function findCounter(ctx: QueryCtx, workspaceId: string) {
  return await ctx.db
    .query('syncCounters')
    .withIndex('by_workspace', (q) => q.eq('workspaceId', workspaceId))
    .unique()
}

function parsePayload(op: PendingOp, index: number): Record<string, unknown> | null {
  if (op.payloadJson === undefined) return null
  let payload: unknown
  try {
    payload = JSON.parse(op.payloadJson)
  } catch {
    validation(`ops[${index}].payloadJson is not JSON`)
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    validation(`ops[${index}].payloadJson must be a JSON object`)
  }
  return payload as Record<string, unknown>
}

/** The whole batch is refused (nothing applied) when one op is malformed, as the kit's schema does. */
function checkBatch(ops: PendingOp[]): void {
  if (ops.length < 1 || ops.length > SYNC_LIMITS.maxOpsPerPush) {
    validation(`push 1 to ${SYNC_LIMITS.maxOpsPerPush} ops per batch`)
  }
  ops.forEach((op, i) => {
    checkText(op.opId, `ops[${i}].opId`, SYNC_LIMITS.maxOpIdLength)
    if (op.stamp.opId !== op.opId) validation(`ops[${i}].stamp.opId must equal opId`)
    if (!(SYNCED_TABLES as readonly string[]).includes(op.tableName)) validation(`ops[${i}].tableName is not a synced table`)
    checkText(op.pk, `ops[${i}].pk`, SYNC_LIMITS.maxPkLength)
    checkText(op.stamp.deviceId, `ops[${i}].stamp.deviceId`, TEXT_LIMITS.deviceId)
    checkText(op.stamp.hlc, `ops[${i}].stamp.hlc`, TEXT_LIMITS.hlc)
    checkCount(op.stamp.clock, `ops[${i}].stamp.clock`)
    if (op.operation === 'put' && op.payloadJson === undefined) validation(`ops[${i}]: a put needs a payload`)
  })
}

/**
 * The write path of sync, inside one mutation: the batch is all-or-nothing, and versions are
 * assigned while the workspace's counter document is in this transaction's read and write set.
 * Convex commits mutations serializably, so versions are contiguous per workspace and a reader
 * (a query runs at one snapshot) never sees version v+1 without v.
 */
export async function applyOps(ctx: MutationCtx, workspaceId: string, ops: PendingOp[], now: number) {
  checkBatch(ops)
  const counter = await findCounter(ctx, workspaceId)
  const firstVersion = counter?.version ?? 0
  let version = firstVersion
  const results: PushResult[] = []

  for (const [index, op] of ops.entries()) {
    const bytes = op.payloadJson === undefined ? 0 : utf8Length(op.payloadJson)
    if (bytes > SYNC_LIMITS.maxPayloadBytes) {
      // Never stored: the same opId may come back fixed.
      const message = `payload is ${bytes} bytes; the limit is ${SYNC_LIMITS.maxPayloadBytes}`
      results.push({ opId: op.opId, applied: false, serverVersion: version, error: { code: 'TOO_LARGE', message } })
      continue
    }
    const payload = parsePayload(op, index)
    const fingerprint = await sha256Hex(
      canonicalJson({ t: op.tableName, o: op.operation, k: op.pk, p: payload, s: op.stamp }),
    )
    const seen = await ctx.db
      .query('syncOps')
      .withIndex('by_op', (q) => q.eq('workspaceId', workspaceId).eq('opId', op.opId))
      .unique()
    if (seen !== null) {
      results.push(
        seen.fingerprint === fingerprint
          ? { opId: op.opId, applied: seen.applied, serverVersion: seen.version }
          : {
              opId: op.opId,
              applied: false,
              serverVersion: version,
              error: {
                code: 'CONFLICT',
                message: `opId ${op.opId} was already used for a different change; give every change its own opId`,
              },
            },
      )
      continue
    }

    const winner = await ctx.db
      .query('syncRows')
      .withIndex('by_row', (q) => q.eq('workspaceId', workspaceId).eq('tableName', op.tableName).eq('pk', op.pk))
      .unique()
    let result: PushResult
    if (winner !== null && compareStamps(op.stamp, winner) <= 0) {
      result = { opId: op.opId, applied: false, serverVersion: winner.version }
    } else {
      version += 1
      // A tombstone carries no content, whatever the delete op sent along.
      const payloadJson = op.operation === 'delete' ? null : (op.payloadJson ?? null)
      const { deviceId, hlc, clock } = op.stamp
      const row = {
        workspaceId,
        tableName: op.tableName,
        pk: op.pk,
        payloadJson,
        deleted: op.operation === 'delete',
        deviceId,
        opId: op.opId,
        hlc,
        clock,
        version,
        updatedAt: now,
      }
      if (winner === null) await ctx.db.insert('syncRows', row)
      else await ctx.db.replace('syncRows', winner._id, row)
      await ctx.db.insert('syncChanges', {
        workspaceId,
        version,
        tableName: op.tableName,
        pk: op.pk,
        op: op.operation,
        payloadJson,
        deviceId,
        opId: op.opId,
        hlc,
        clock,
        createdAt: now,
      })
      result = { opId: op.opId, applied: true, serverVersion: version }
    }
    await ctx.db.insert('syncOps', {
      workspaceId,
      opId: op.opId,
      fingerprint,
      applied: result.applied,
      version: result.serverVersion,
      createdAt: now,
    })
    results.push(result)
  }

  if (version !== firstVersion) {
    if (counter === null) await ctx.db.insert('syncCounters', { workspaceId, version, gcHorizon: 0 })
    else await ctx.db.patch('syncCounters', counter._id, { version })
  }
  return { results, serverVersion: version }
}
