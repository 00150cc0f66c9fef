/** What went wrong with the LLM upstream, in the operator's words (env names, hosts, statuses). */
export interface UpstreamFault {
  /** ISO 8601 of the latest occurrence. */
  at: string
  kind: 'unreachable' | 'http' | 'timeout' | 'stalled' | 'invalid-stream' | 'broken-stream' | 'model-list' | 'configuration'
  /** Already free of secrets: callers redact before recording. */
  detail: string
  /** How often this detail repeated in a row. */
  count: number
}

const KEEP = 20
/** A repeated fault is logged again at most this often, so a broken upstream cannot flood the log. */
const RELOG_AFTER_MS = 60_000

const faults: UpstreamFault[] = []
const lastLogged = new Map<string, number>()

/**
 * Records an upstream failure for the operator: one log line, and the admin status page's list
 * of recent faults. Users get a sentence they can act on from the caller, never this detail.
 */
export function recordUpstreamFault(kind: UpstreamFault['kind'], detail: string, now: number = Date.now()): void {
  const at = new Date(now).toISOString()
  const latest = faults[0]
  if (latest && latest.kind === kind && latest.detail === detail) {
    latest.count++
    latest.at = at
  } else {
    faults.unshift({ at, kind, detail, count: 1 })
    faults.length = Math.min(faults.length, KEEP)
  }
  const key = `${kind}\n${detail}`
  if (now - (lastLogged.get(key) ?? -Infinity) < RELOG_AFTER_MS) return
  if (lastLogged.size > 200) lastLogged.clear()
  lastLogged.set(key, now)
  console.warn(`[or3] LLM upstream (${kind}): ${detail}`)
}

/** Newest first, at most 20. */
export function recentUpstreamFaults(): UpstreamFault[] {
  return faults.map((fault) => ({ ...fault }))
}

/** Forgets recorded faults (tests). */
export function clearUpstreamFaults(): void {
  faults.length = 0
  lastLogged.clear()
}
