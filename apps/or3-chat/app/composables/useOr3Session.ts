import type { SessionResponse } from 'or3-provider-kit'

/** The server's view of the caller; shared by every component through one keyed fetch. */
export function useOr3Session() {
  return useFetch<SessionResponse>('/api/auth/session', { key: 'or3-session', dedupe: 'defer' })
}
