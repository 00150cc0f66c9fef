/**
 * The one text form of a hybrid logical clock stamp, shared by devices and servers:
 * `<ms, 13 digits>:<counter, 4 digits>:<node>`. Fixed widths make string order the causal order,
 * which is what last-writer-wins compares, so every writer must use this form.
 */
export interface ParsedHlc {
  ms: number
  counter: number
  node: string
}

export const HLC_MAX_COUNTER = 9999

export function formatHlc({ ms, counter, node }: ParsedHlc): string {
  return `${String(ms).padStart(13, '0')}:${String(counter).padStart(4, '0')}:${node}`
}

export function parseHlc(value: string): ParsedHlc | null {
  const match = /^(\d{13}):(\d{4}):(.+)$/.exec(value)
  if (!match) return null
  return { ms: Number(match[1]), counter: Number(match[2]), node: match[3]! }
}
