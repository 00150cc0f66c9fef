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

/**
 * JSON with object keys sorted, so equal content always serializes to equal text. Op
 * fingerprints hash this text and adapters store them, so the text must never change: this is
 * the one rule (keys in UTF-16 order, `undefined` members left out, other values as
 * JSON.stringify writes them, array holes as nothing), written for speed since every pushed op
 * goes through it.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      if (value === null) return 'null'
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>)
    default:
      return JSON.stringify(value) ?? 'null'
  }
}

function canonicalArray(items: readonly unknown[]): string {
  let out = '['
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ','
    if (i in items) out += canonicalJson(items[i])
  }
  return `${out}]`
}

function canonicalObject(record: Record<string, unknown>): string {
  const keys = Object.keys(record)
  // Insertion sort: rows have a few dozen keys at most, and a generic sort costs more here.
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!
    let j = i - 1
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!
    keys[j + 1] = key
  }
  let out = '{'
  for (const key of keys) {
    const member = record[key]
    if (member === undefined) continue
    if (out.length > 1) out += ','
    out += `${quotedKey(key)}:${canonicalJson(member)}`
  }
  return `${out}}`
}

// Column names repeat in every op: their quoted form is kept (a bounded set of short names).
const quotedKeys = new Map<string, string>()
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = JSON.stringify(key)
    if (key.length <= 64 && quotedKeys.size < 2048) quotedKeys.set(key, quoted)
  }
  return quoted
}
