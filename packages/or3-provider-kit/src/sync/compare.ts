import type { ChangeStamp } from '../schemas/sync.ts'

/**
 * Last-writer-wins order: (clock, hlc, opId). Negative when `a` loses to `b`, positive when it
 * wins, 0 only for the same op. Every adapter must order with this one function.
 */
export function compareStamps(a: Pick<ChangeStamp, 'clock' | 'hlc' | 'opId'>, b: Pick<ChangeStamp, 'clock' | 'hlc' | 'opId'>): number {
  if (a.clock !== b.clock) return a.clock < b.clock ? -1 : 1
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1
  if (a.opId !== b.opId) return a.opId < b.opId ? -1 : 1
  return 0
}

/** JSON with object keys sorted, so equal content always serializes to equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}
