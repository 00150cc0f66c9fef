import type { H3Event } from 'h3'
import { ProviderError, type Or3CloudConfig } from 'or3-provider-kit'
import { clientAddress } from 'or3-provider-kit/server'
import { roleAllows } from '../auth/can'
import type { Access } from '../pipeline/define-core-handler'
import type { ActiveProviders } from '../providers/active-providers'
import type { Or3Session } from '../session/session-context'
import { takeStreamSlot, type StreamSlot } from './open-streams'

/** What an admitted stream carries to `openEventStream`: its slot and how to re-check its access. */
export interface EventStreamAdmission {
  slot: StreamSlot
  recheckMs: number
  /** Why the stream must end now (a sentence for the client), or null while its access holds. */
  recheck(): Promise<string | null>
}

declare module 'h3' {
  interface H3EventContext {
    or3EventStream?: EventStreamAdmission
  }
}

export interface AdmissionContext<I> {
  session: Or3Session | null
  access: Access<I>
  input: I
  config: Or3CloudConfig
  providers: ActiveProviders
}

/**
 * Counts a new event stream against its owner's cap (429 beyond) and records how to re-check it.
 * Access is re-checked from the stream's own request while it is open: the auth provider is asked
 * again (a sign-out, a revoked or expired session ends the stream; no provider hook needed) and,
 * for a workspace stream, the caller's role (a removed member's stream ends).
 */
export function admitEventStream<I>(event: H3Event, context: AdmissionContext<I>): StreamSlot {
  const { session, config } = context
  const owner = session ? `user:${session.user.id}` : `address:${clientAddress(event, config.security) ?? 'unknown'}`
  const limit = config.eventStreams.maxPerUser
  const slot = takeStreamSlot(owner, limit)
  if (!slot) {
    throw new ProviderError(
      'RATE_LIMITED',
      `You already have ${limit} live connections open, the most this server allows: close some tabs or windows, then try again`,
      { retryAfterSeconds: Math.ceil(config.eventStreams.recheckMs / 1000) },
    )
  }
  event.context.or3EventStream = { slot, recheckMs: config.eventStreams.recheckMs, recheck: accessRecheck(event, context) }
  return slot
}

function accessRecheck<I>(event: H3Event, { session, access, input, providers }: AdmissionContext<I>) {
  return async (): Promise<string | null> => {
    if (!session) return null
    const identity = await providers.auth?.getSession(event)
    const same =
      identity &&
      identity.provider === session.provider &&
      identity.providerUserId === session.providerUserId &&
      Date.parse(identity.expiresAt) > Date.now()
    if (!same) return 'Your session has ended: sign in again'
    if (access.kind === 'workspace' && providers.workspaces) {
      const workspaceId = access.workspaceId(input)
      const role = await providers.workspaces.getRole(session.user.id, workspaceId)
      if (!roleAllows(role, access.permission)) return `You no longer have access to workspace ${workspaceId}`
    }
    return null
  }
}
