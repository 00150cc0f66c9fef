import type { ClerkClient } from '@clerk/backend'
import { getRequestHeaders, getRequestURL, type H3Event } from 'h3'
import { ProviderError } from 'or3-provider-kit'
import type { BackendHealth } from './backend-health'
import type { ClerkSettings } from './settings'

/** What Clerk says about one request, decided once and shared by every step that asks. */
export type ClerkRequestAuth =
  | { status: 'signed-in'; userId: string; sessionId: string; expiresAt: number }
  | { status: 'signed-out'; reason: string }
  /** A development instance must sync its browser cookies first: answer with this redirect. */
  | { status: 'handshake'; headers: Headers }

declare module 'h3' {
  interface H3EventContext {
    /** Per-request cache: Clerk verifies a request at most once. */
    or3ClerkAuth?: Promise<ClerkRequestAuth>
  }
}

export interface RequestAuthenticator {
  authenticate(event: H3Event): Promise<ClerkRequestAuth>
}

/** Failures that mean "Clerk could not be asked", not "this token is bad". */
const UNREACHABLE_REASONS = new Set(['jwk-remote-failed-to-load', 'jwk-failed-to-resolve', 'secret-key-invalid'])

/**
 * Verifies the request's Clerk session token (Bearer header or `__session` cookie) with
 * `@clerk/backend`, accepting session tokens only: API keys, M2M and OAuth tokens, and JWT template
 * tokens (e.g. the one minted for Convex) never sign anyone in here.
 */
export function createRequestAuthenticator(options: {
  client: Pick<ClerkClient, 'authenticateRequest'>
  settings: Pick<ClerkSettings, 'authorizedParties' | 'trustProxy' | 'jwtKey'>
  health: BackendHealth
}): RequestAuthenticator {
  const { client, settings, health } = options

  async function verify(event: H3Event): Promise<ClerkRequestAuth> {
    const url = getRequestURL(event, { xForwardedHost: settings.trustProxy, xForwardedProto: settings.trustProxy })
    const request = new Request(url, { method: event.method, headers: new Headers(getRequestHeaders(event) as HeadersInit) })
    const state = await client.authenticateRequest(request, {
      acceptsToken: 'session_token',
      // Outside production with no configured origins, the origin the browser used.
      authorizedParties: settings.authorizedParties.length > 0 ? settings.authorizedParties : [url.origin],
    })
    if (state.headers.get('location')) return { status: 'handshake', headers: state.headers }
    if (state.status !== 'signed-in') {
      const reason = String(state.reason ?? 'signed-out')
      if (UNREACHABLE_REASONS.has(reason) || (reason === 'unexpected-error' && !settings.jwtKey)) {
        health.recordFailure('loading the signing keys (JWKS)', new Error(state.message || reason))
        throw new ProviderError('UNAVAILABLE', 'Sign-in cannot be checked right now (Clerk is not answering); try again shortly', {
          retryAfterSeconds: 5,
        })
      }
      return { status: 'signed-out', reason }
    }
    const auth = state.toAuth()
    const claims = auth.sessionClaims as Record<string, unknown> | undefined
    // A session token names its session and has no audience; template tokens are for other services.
    if (!auth.userId || !auth.sessionId || claims?.aud !== undefined || typeof claims?.exp !== 'number') {
      return { status: 'signed-out', reason: 'not-a-session-token' }
    }
    return { status: 'signed-in', userId: auth.userId, sessionId: auth.sessionId, expiresAt: claims.exp * 1000 }
  }

  return {
    authenticate(event) {
      return (event.context.or3ClerkAuth ??= verify(event))
    },
  }
}
