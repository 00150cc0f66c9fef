import { createHash } from 'node:crypto'
import type { PendingOp } from '../schemas/sync.ts'
import { canonicalJson } from './compare.ts'

export { canonicalJson, compareStamps } from './compare.ts'
export { checkOpLimits, payloadBytes } from './op-limits.ts'

/**
 * Identity of an op's content. A replayed opId with the same fingerprint is the same op; with
 * another fingerprint it is a CONFLICT.
 */
export function opFingerprint(op: Pick<PendingOp, 'tableName' | 'operation' | 'pk' | 'payload' | 'stamp'>): string {
  return createHash('sha256')
    .update(canonicalJson({ t: op.tableName, o: op.operation, k: op.pk, p: op.payload ?? null, s: op.stamp }))
    .digest('hex')
}
