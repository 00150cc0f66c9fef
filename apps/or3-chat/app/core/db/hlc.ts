/**
 * Hybrid logical clock: `<ms, 13 digits>:<counter, 4 digits>:<deviceId>`. Fixed-width numbers
 * make string order the causal order, which is what last-writer-wins compares. `receive` moves
 * the clock past every remote stamp it has seen, so a local edit made after applying a remote
 * change always orders after it, even when this device's wall clock is behind.
 */
export interface HybridLogicalClock {
  /** A stamp for a local write: strictly greater than every stamp issued or received before. */
  next(): string
  /** Merges a remote stamp so later local stamps order after it. Ignores malformed stamps. */
  receive(remote: string): void
}

const MAX_COUNTER = 9999
const MS_WIDTH = 13
const COUNTER_WIDTH = 4

export interface ParsedHlc {
  ms: number
  counter: number
  node: string
}

export function formatHlc({ ms, counter, node }: ParsedHlc): string {
  return `${String(ms).padStart(MS_WIDTH, '0')}:${String(counter).padStart(COUNTER_WIDTH, '0')}:${node}`
}

export function parseHlc(value: string): ParsedHlc | null {
  const match = /^(\d{13}):(\d{4}):(.+)$/.exec(value)
  if (!match) return null
  return { ms: Number(match[1]), counter: Number(match[2]), node: match[3]! }
}

export function createHybridLogicalClock(deviceId: string, now: () => number = Date.now): HybridLogicalClock {
  if (!deviceId || deviceId.includes(':')) throw new Error(`HLC device id must be non-empty without ':' (got '${deviceId}')`)
  let lastMs = 0
  let counter = 0

  // When the counter would overflow its 4 digits, borrow the next millisecond: order is kept and
  // the clock runs at most a few ms ahead of the wall clock under a burst of writes.
  const advance = (ms: number, nextCounter: number) => {
    if (nextCounter > MAX_COUNTER) {
      lastMs = ms + 1
      counter = 0
    } else {
      lastMs = ms
      counter = nextCounter
    }
  }

  return {
    next() {
      const wall = now()
      if (wall > lastMs) advance(wall, 0)
      else advance(lastMs, counter + 1)
      return formatHlc({ ms: lastMs, counter, node: deviceId })
    },
    receive(remote) {
      const parsed = parseHlc(remote)
      if (!parsed) return
      const wall = now()
      const ms = Math.max(lastMs, parsed.ms, wall)
      if (ms === lastMs && ms === parsed.ms) advance(ms, Math.max(counter, parsed.counter) + 1)
      else if (ms === lastMs) advance(ms, counter + 1)
      else if (ms === parsed.ms) advance(ms, parsed.counter + 1)
      else advance(ms, 0)
    },
  }
}
