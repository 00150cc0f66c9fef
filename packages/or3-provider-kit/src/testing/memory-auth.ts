import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { getCookie, getRequestHeader, type H3Event } from 'h3'
import { defineAuthProvider } from '../adapters/define-auth-provider.ts'
import type { AuthProvider, ProviderTokenBroker } from '../contracts/server.ts'
import type { ProviderSession } from '../schemas/session.ts'
import type { RequestCredentials } from './request-event.ts'
import type { TestUser } from './auth-provider-suite.ts'

export interface MemoryAuthOptions {
  now?: () => number
  /** Lifetime of a session token. Default 15 minutes. */
  sessionMs?: number
  /** The provider a token broker mints for, and its template. Default `memory-target` / none. */
  mintsFor?: { providerId: string; template?: string }
}

/**
 * The reference auth provider and token broker: HMAC-signed session tokens sent as a Bearer
 * token, revocable sessions, and minted tokens for one target provider. For tests and the kit's
 * own suites; nothing here is meant for production use.
 */
export function createMemoryAuth(options: MemoryAuthOptions = {}) {
  const now = options.now ?? Date.now
  const sessionMs = options.sessionMs ?? 15 * 60_000
  const key = randomBytes(32)
  const users = new Map<string, TestUser & { id: string }>() // email -> user
  const liveSessions = new Set<string>()
  let upstreamDown = false

  const sign = (body: object) => {
    const encoded = Buffer.from(JSON.stringify(body)).toString('base64url')
    return `${encoded}.${createHmac('sha256', key).update(encoded).digest('base64url')}`
  }
  const verify = <T>(token: string): T | null => {
    const [encoded, signature] = token.split('.')
    if (!encoded || !signature) return null
    const expected = createHmac('sha256', key).update(encoded).digest()
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
    try {
      return JSON.parse(Buffer.from(encoded, 'base64url').toString()) as T
    } catch {
      return null
    }
  }

  interface SessionClaims {
    sid: string
    sub: string
    exp: number
  }

  const sessionOf = (event: H3Event): (SessionClaims & { user: TestUser & { id: string } }) | null => {
    const header = getRequestHeader(event, 'authorization') ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7) : getCookie(event, 'memory_session')
    const claims = token ? verify<SessionClaims>(token) : null
    if (!claims || claims.exp <= now() || !liveSessions.has(claims.sid)) return null
    const user = [...users.values()].find((u) => u.id === claims.sub)
    return user ? { ...claims, user } : null
  }

  const provider: AuthProvider = defineAuthProvider({
    id: 'memory',
    getSession(event): ProviderSession | null {
      const session = sessionOf(event)
      if (!session) return null
      return {
        provider: 'memory',
        providerUserId: session.user.id,
        email: session.user.email,
        displayName: session.user.displayName,
        expiresAt: new Date(session.exp).toISOString(),
      }
    },
  })

  const broker: ProviderTokenBroker = {
    id: 'memory',
    async getToken(event, request) {
      const target = options.mintsFor ?? { providerId: 'memory-target' }
      if (request.providerId !== target.providerId || request.template !== target.template || upstreamDown) return null
      const session = sessionOf(event)
      return session ? sign({ aud: target.providerId, sub: session.user.id, exp: now() + 60_000 }) : null
    },
  }

  return {
    provider,
    broker,
    async signIn(user: TestUser, expiresInMs = sessionMs): Promise<RequestCredentials> {
      const known = users.get(user.email.toLowerCase()) ?? { ...user, id: `user_${randomUUID()}` }
      users.set(user.email.toLowerCase(), known)
      const sid = randomUUID()
      liveSessions.add(sid)
      return { headers: { authorization: `Bearer ${sign({ sid, sub: known.id, exp: now() + expiresInMs })}` } }
    },
    async signOut(credentials: RequestCredentials) {
      const claims = verify<SessionClaims>(credentials.headers.authorization?.slice(7) ?? '')
      if (claims) liveSessions.delete(claims.sid)
    },
    /** What the target provider would do: check the signature, audience and expiry. */
    async verifyMinted(token: string): Promise<{ subject: string }> {
      const claims = verify<{ aud: string; sub: string; exp: number }>(token)
      const target = options.mintsFor ?? { providerId: 'memory-target' }
      if (!claims || claims.aud !== target.providerId || claims.exp <= now()) throw new Error('the minted token is not valid')
      return { subject: claims.sub }
    },
    breakUpstream() {
      upstreamDown = true
    },
  }
}

export type MemoryAuth = ReturnType<typeof createMemoryAuth>
