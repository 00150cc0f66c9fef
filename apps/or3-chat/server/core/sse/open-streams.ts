/**
 * Every event stream this process holds open, by owner (a user, or an address without accounts):
 * the per-user cap counts here and the admin status reports it. A slot is taken when the stream
 * is admitted and released exactly once, when it closes for any reason.
 */
export interface StreamSlot {
  readonly owner: string
  release(): void
}

const byOwner = new Map<string, number>()
let total = 0

/** Takes a slot for `owner` unless it already holds `limit`; null when it is over the cap. */
export function takeStreamSlot(owner: string, limit: number): StreamSlot | null {
  const held = byOwner.get(owner) ?? 0
  if (held >= limit) return null
  byOwner.set(owner, held + 1)
  total += 1
  let released = false
  return {
    owner,
    release() {
      if (released) return
      released = true
      total -= 1
      const left = (byOwner.get(owner) ?? 1) - 1
      if (left > 0) byOwner.set(owner, left)
      else byOwner.delete(owner)
    },
  }
}

/** Open streams in this process, and how many owners hold them. */
export function countOpenStreams(): { open: number; owners: number } {
  return { open: total, owners: byOwner.size }
}
