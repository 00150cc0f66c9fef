// The stamp's text form is the kit's, so devices and servers write stamps that order together.
import { HLC_MAX_COUNTER as MAX_COUNTER, formatHlc, parseHlc } from 'or3-provider-kit'

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
