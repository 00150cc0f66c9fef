import { createHash } from 'node:crypto'
import type { OpError, PendingOp } from '../schemas/sync.ts'
import { SYNC_LIMITS } from '../schemas/sync.ts'
import { canonicalJson } from './compare.ts'

export { canonicalJson, compareStamps } from './compare.ts'

/**
 * Identity of an op's content. A replayed opId with the same fingerprint is the same op; with
 * another fingerprint it is a CONFLICT.
 */
export function opFingerprint(op: Pick<PendingOp, 'tableName' | 'operation' | 'pk' | 'payload' | 'stamp'>): string {
  return createHash('sha256')
    .update(canonicalJson({ t: op.tableName, o: op.operation, k: op.pk, p: op.payload ?? null, s: op.stamp }))
    .digest('hex')
}

export function payloadBytes(payload: unknown): number {
  return payload === undefined ? 0 : new TextEncoder().encode(JSON.stringify(payload)).length
}

/** Per-op checks every adapter applies before ordering: an op that fails them is never stored. */
export function checkOpLimits(op: PendingOp): OpError | null {
  if (op.operation === 'put' && op.payload === undefined) {
    return { code: 'VALIDATION', message: 'a put needs a payload' }
  }
  const bytes = payloadBytes(op.payload)
  if (bytes > SYNC_LIMITS.maxPayloadBytes) {
    return {
      code: 'TOO_LARGE',
      message: `payload is ${bytes} bytes; the limit is ${SYNC_LIMITS.maxPayloadBytes}`,
    }
  }
  return null
}
