import type { SessionResponse } from 'or3-provider-kit'
import { loadSession } from '~/core/auth/remembered-session'

/**
 * The server's view of the caller; shared by every component through one keyed fetch. In the
 * browser an unreachable server answers with the device's last session (see remembered-session),
 * so the app opens offline, and asks again as soon as the browser is back online.
 */
export function useOr3Session() {
  const requestFetch = useRequestFetch()
  return useAsyncData<SessionResponse>(
    'or3-session',
    async () => {
      const fetchSession = () => requestFetch<SessionResponse>('/api/auth/session')
      if (import.meta.server) return fetchSession()
      const { session, remembered } = await loadSession(fetchSession, window.localStorage)
      if (remembered) window.addEventListener('online', () => void refreshNuxtData('or3-session'), { once: true })
      return session
    },
    { dedupe: 'defer' },
  )
}
