import { defineEventHandler, type EventHandler, type H3Event } from 'h3'
import {
  ProviderError,
  type Or3CloudConfig,
  type Permission,
  type StorageGatewayAdapter,
  type SyncGatewayAdapter,
  type WorkspaceStore,
} from 'or3-provider-kit'
import { assertSafeJsonRequest, isStateChangingMethod, runWithCaller, sendProviderError } from 'or3-provider-kit/server'
import { useOr3CloudConfig } from '../../admin/config/resolve-config'
import { requirePermission } from '../auth/can'
import { enforceRateLimit } from '../limits/enforce-rate-limit'
import { requireProvider, useActiveProviders, type ActiveProviders } from '../providers/active-providers'
import { requestCaller } from '../session/request-caller'
import { resolveSession } from '../session/resolve-session'
import type { Or3Session } from '../session/session-context'
import { admitEventStream } from '../sse/admit-event-stream'
import type { StreamSlot } from '../sse/open-streams'
import { readValidatedInput, type InputSchemas, type ParsedInput } from './read-input'

/** Which server surface an endpoint belongs to: off surfaces answer 404. */
export type Surface = 'always' | 'cloud' | 'sync' | 'storage'

/**
 * Who may call: signed in, a permission in the workspace the request names, or the deployment admin.
 * `signed-in-when-cloud` is for features a local-only OR3 serves too (the LLM proxy): signed in
 * when cloud mode is on, anyone when it is off (there are no accounts to sign in to).
 */
export type Access<I> =
  | { kind: 'anyone' }
  | { kind: 'signed-in' }
  | { kind: 'signed-in-when-cloud' }
  | { kind: 'workspace'; permission: Exclude<Permission, 'admin.access'>; workspaceId: (input: I) => string }
  | { kind: 'admin' }

export interface CoreContext<I, A extends Access<I>> {
  event: H3Event
  input: I
  session: A extends { kind: 'anyone' | 'signed-in-when-cloud' } ? Or3Session | null : Or3Session
  providers: ActiveProviders
  config: Or3CloudConfig
  /** The configured stores; reading one that is off throws NOT_FOUND (the surface check ran first). */
  workspaces: WorkspaceStore
  sync: SyncGatewayAdapter
  storage: StorageGatewayAdapter
}

export interface CoreHandlerSpec<S extends InputSchemas, A extends Access<ParsedInput<S>>, R> {
  surface: Surface
  input?: S
  access: A
  /** Per-user requests per minute; on unless turned off for an endpoint. */
  rateLimit?: boolean
  /**
   * The endpoint answers with a server-sent-events stream (`openEventStream`): it counts against
   * the caller's open-stream cap (429 beyond) instead of the per-minute limit, and its access is
   * re-checked while it stays open.
   */
  eventStream?: boolean
  handle(context: CoreContext<ParsedInput<S>, A>): Promise<R> | R
}

/**
 * The request pipeline every core endpoint runs: same-origin JSON guard on state-changing methods
 * (403/415) → surface → validate (400) → session (401) → can (403) → rate limit or event-stream
 * admission (429) → dispatch → `sendProviderError`. An endpoint states its schema, its access rule
 * and the adapter call; nothing else. Every provider call of the request, the session's included,
 * runs as the request's caller (`requestCaller`), so a backend that authorizes by itself acts as
 * the signed-in user.
 */
export function defineCoreHandler<S extends InputSchemas, A extends Access<ParsedInput<S>>, R>(
  spec: CoreHandlerSpec<S, A, R>,
): EventHandler {
  return defineEventHandler((event) => runWithCaller(requestCaller(event), async () => {
    let streamSlot: StreamSlot | undefined
    try {
      const config = useOr3CloudConfig()
      assertSafeJsonRequest(event, config.security)
      const providers = useActiveProviders()
      requireSurface(spec.surface, config, providers)

      const input = await readValidatedInput(event, spec.input ?? ({} as S))
      const session = await resolveSession(event, config, providers)
      const access = spec.access as Access<ParsedInput<S>>
      const open = access.kind === 'anyone' || (access.kind === 'signed-in-when-cloud' && !config.enabled)
      if (!open) {
        if (!session) throw new ProviderError('UNAUTHENTICATED', 'Sign in to continue')
        if (access.kind === 'workspace' || access.kind === 'admin') {
          const workspaceId = access.kind === 'workspace' ? access.workspaceId(input) : null
          const permission = access.kind === 'workspace' ? access.permission : 'admin.access'
          await requirePermission(event, session, permission, workspaceId, requireProvider(providers.workspaces, 'Sign-in'))
        }
      }
      if (spec.eventStream) {
        streamSlot = admitEventStream(event, { session, access, input, config, providers })
      } else if (session && spec.rateLimit !== false && config.limits.enabled) {
        await enforceRateLimit(
          providers.limits,
          { key: `core:minute:${session.user.id}`, windowMs: 60_000, limit: config.limits.perMinute, what: 'requests' },
          { allowWhenStoreUnavailable: onlyReads(event.method, access) },
        )
      }
      const context = {
        event,
        input,
        session,
        providers,
        config,
        get workspaces() {
          return requireProvider(providers.workspaces, 'Sign-in')
        },
        get sync() {
          return requireProvider(providers.sync, 'Sync')
        },
        get storage() {
          return requireProvider(providers.storage, 'File storage')
        },
      }
      return await spec.handle(context as CoreContext<ParsedInput<S>, A>)
    } catch (error) {
      return sendProviderError(event, error)
    } finally {
      // A stream releases its slot when it closes; this covers a handler that failed before opening it.
      streamSlot?.release()
    }
  }))
}

/** A GET, or an endpoint that needs no more than read access to its workspace (pull, snapshot). */
function onlyReads<I>(method: string, access: Access<I>): boolean {
  return !isStateChangingMethod(method) || (access.kind === 'workspace' && access.permission === 'workspace.read')
}

function requireSurface(surface: Surface, config: Or3CloudConfig, providers: ActiveProviders): void {
  if (surface === 'always') return
  if (!config.enabled) {
    throw new ProviderError('NOT_FOUND', 'Cloud mode is off: this OR3 runs local-only, with no server accounts')
  }
  if (!providers.auth || !providers.workspaces) {
    throw new ProviderError('NOT_FOUND', 'Sign-in is not available on this server')
  }
  if (surface === 'sync' && !providers.sync) throw new ProviderError('NOT_FOUND', 'Sync is not enabled on this server')
  if (surface === 'storage' && !providers.storage) {
    throw new ProviderError('NOT_FOUND', 'File storage is not enabled on this server')
  }
}
