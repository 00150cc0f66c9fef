/** Refresh this long before the access token expires, so requests never carry an expired one. */
export const REFRESH_AHEAD_MS = 2 * 60 * 1000

export interface SessionRefresherDeps {
  now(): number
  /** The access token's expiry from the session-expiry cookie; null when signed out. */
  readExpiry(): number | null
  /** Calls the refresh route: 'ended' when the server says the session is over (401). */
  refresh(): Promise<'refreshed' | 'ended'>
  /** The signed-in state may have changed (signed out, or back after an expired token). */
  onSessionChange(): void | Promise<void>
}

/**
 * Keeps a basic-auth session alive from the browser. Cheap to call often: it only talks to the
 * server when the token is about to expire, and one call at a time. Tabs share the cookie, so a
 * tab that sees a fresh expiry after another tab refreshed does nothing.
 */
export function createSessionRefresher(deps: SessionRefresherDeps) {
  let inFlight: Promise<void> | null = null

  async function run(expiry: number): Promise<void> {
    const alreadyExpired = expiry <= deps.now()
    try {
      const outcome = await deps.refresh()
      if (outcome === 'ended' || alreadyExpired) await deps.onSessionChange()
    } catch {
      // Offline or a server hiccup: the next check tries again.
    }
  }

  return {
    refreshIfDue(): Promise<void> {
      if (inFlight) return inFlight
      const expiry = deps.readExpiry()
      if (expiry === null || expiry - deps.now() > REFRESH_AHEAD_MS) return Promise.resolve()
      inFlight = run(expiry).finally(() => {
        inFlight = null
      })
      return inFlight
    },
  }
}
