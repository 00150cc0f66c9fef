import type { OpError, PendingOp } from '../schemas/sync.ts'
import { SYNC_LIMITS } from '../schemas/sync.ts'

/** Bytes of a payload as it travels (UTF-8 JSON): the unit of the 64 KiB limit, on both sides. */
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
