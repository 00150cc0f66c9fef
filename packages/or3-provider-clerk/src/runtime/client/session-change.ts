/**
 * Decides when Clerk's listener reports a different session. The first report always counts:
 * the page was rendered from the cookie the browser sent, which clerk-js may since have renewed.
 */
export function createSessionChangeTracker() {
  let seen: { id: string | null } | null = null
  return {
    changed(sessionId: string | null): boolean {
      if (seen !== null && seen.id === sessionId) return false
      seen = { id: sessionId }
      return true
    },
  }
}
