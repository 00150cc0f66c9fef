// Last-writer-wins order and op identity, as the provider kit defines them (`compareStamps`,
// `opFingerprint`): every OR3 sync backend must order ops the same way. A package test checks
// these against the kit's.

export interface StampOrder {
  clock: number
  hlc: string
  opId: string
}

/** Negative when `a` loses to `b`, positive when it wins, 0 only for the same op. */
export function compareStamps(a: StampOrder, b: StampOrder): number {
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

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The `_storage` table keeps a blob's sha256 in base64; OR3 names blobs `sha256:<hex>`. */
export function hexToBase64(hex: string): string {
  const bytes = hex.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? []
  return btoa(String.fromCharCode(...bytes))
}
