import type { H3Event } from 'h3'
import type { Or3CloudConfig } from 'or3-provider-kit'
import { clientAddress } from 'or3-provider-kit/server'
import type { Or3Session } from '../session/session-context'

/** Owner of jobs started without accounts (local-only mode): every caller of that server. */
export const LOCAL_JOB_OWNER = 'local'

/** Who is asking for a generation: whose jobs they may see and which limit bucket they use. */
export interface LlmCaller {
  /** Owner id stored on background jobs. */
  ownerId: string
  /** Rate-limit bucket: the user, or the client address when the server has no accounts. */
  limitKey: string
  session: Or3Session | null
}

/**
 * Signed in: the OR3 user. Local-only mode has no accounts, so jobs belong to the one local
 * owner and limits count per client address (behind a proxy only when OR3_TRUST_PROXY is on).
 */
export function identifyLlmCaller(event: H3Event, session: Or3Session | null, config: Or3CloudConfig): LlmCaller {
  if (session) return { ownerId: session.user.id, limitKey: `user:${session.user.id}`, session }
  // The kit's reading: with OR3_TRUST_PROXY the proxy's own (last) X-Forwarded-For entry, never a client-chosen one.
  const ip = clientAddress(event, config.security) ?? 'unknown'
  return { ownerId: LOCAL_JOB_OWNER, limitKey: `ip:${ip}`, session: null }
}
