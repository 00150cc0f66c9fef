import { sessionResponseSchema, type SessionResponse } from 'or3-provider-kit'

/** Where the last answer of `/api/auth/session` is kept on this device. */
export const REMEMBERED_SESSION_KEY = 'or3:last-session'

/** The part of Web Storage this needs (localStorage in the app). */
export type SessionMemory = Pick<Storage, 'getItem' | 'setItem'>

export interface LoadedSession {
  session: SessionResponse
  /** True when the server was unreachable and this is the device's last answer. */
  remembered: boolean
}

/**
 * True when a fetch failed without any answer from the server (offline, refused, DNS): ofetch's
 * error then has no response, and a plain fetch throws a TypeError.
 */
export function neverReachedServer(error: unknown): boolean {
  if (error instanceof TypeError) return true
  if (!error || typeof error !== 'object') return false
  return (error as { name?: unknown }).name === 'FetchError' && (error as { response?: unknown }).response === undefined
}

/**
 * The caller's session as the server tells it, remembered on this device after every answer; when
 * the server cannot be reached, the last answer, so an app opened offline shows the same
 * account's local data (it holds only what the server said about the account: no token).
 * A signed-out answer is remembered too, so a device that signed out opens signed out.
 */
export async function loadSession(fetchSession: () => Promise<SessionResponse>, memory: SessionMemory | null): Promise<LoadedSession> {
  try {
    const session = await fetchSession()
    memory?.setItem(REMEMBERED_SESSION_KEY, JSON.stringify(session))
    return { session, remembered: false }
  } catch (error) {
    if (!neverReachedServer(error)) throw error
    const session = recallSession(memory)
    if (!session) throw error
    return { session, remembered: true }
  }
}

/** The last remembered answer, or null when there is none or it no longer reads as a session. */
export function recallSession(memory: SessionMemory | null): SessionResponse | null {
  const text = memory?.getItem(REMEMBERED_SESSION_KEY)
  if (!text) return null
  try {
    const parsed = sessionResponseSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
