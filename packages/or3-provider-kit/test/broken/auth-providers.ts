// Auth providers and token brokers with ONE deliberate defect each, wrapping the kit's memory auth.
import { getRequestHeader } from 'h3'
import { createMemoryAuth, type AuthProviderFactory, type AuthProviderHarness, type TokenBrokerFactory } from '../../src/testing/index.ts'

type Auth = ReturnType<typeof createMemoryAuth>

const authFactory = (defect: (auth: Auth, harness: AuthProviderHarness) => AuthProviderHarness): AuthProviderFactory => ({
  create: ({ now }) => {
    const auth = createMemoryAuth({ now })
    return defect(auth, { provider: auth.provider, signIn: (user) => auth.signIn(user), signOut: (c) => auth.signOut(c) })
  },
})

const decode = (header: string | undefined) => {
  try {
    return JSON.parse(Buffer.from((header ?? '').slice(7).split('.')[0] ?? '', 'base64url').toString()) as { sub: string; exp: number }
  } catch {
    return null
  }
}

/** Reads the token's claims without checking its signature: anyone can claim to be anyone. */
export const skipsSignatureCheck = authFactory((auth, harness) => ({
  ...harness,
  provider: {
    id: 'memory',
    async getSession(event) {
      const verified = await auth.provider.getSession(event)
      if (verified) return verified
      const claims = decode(getRequestHeader(event, 'authorization'))
      return claims ? { provider: 'memory', providerUserId: claims.sub, expiresAt: new Date(claims.exp).toISOString() } : null
    },
  },
}))

/** Throws on a malformed credential instead of treating the request as signed out. */
export const throwsOnGarbage = authFactory((auth, harness) => ({
  ...harness,
  provider: {
    id: 'memory',
    async getSession(event) {
      const header = getRequestHeader(event, 'authorization')
      if (header && !decode(header)) throw new Error('malformed token')
      return auth.provider.getSession(event)
    },
  },
}))

/** Never lets a session expire: a token is good for as long as its signature is. */
export const ignoresExpiry = authFactory((auth, harness) => {
  const longLived = createMemoryAuth({ now: () => 0 })
  return {
    ...harness,
    provider: longLived.provider,
    signIn: (user) => longLived.signIn(user, Number.MAX_SAFE_INTEGER / 2),
    signOut: (c) => longLived.signOut(c),
  }
})

/** Sign-out forgets nothing: the token keeps working until it expires on its own. */
export const signOutKeepsSession = authFactory((_auth, harness) => ({ ...harness, signOut: async () => {} }))

/** Identifies users by their display name's first word, so two users can share an identity. */
export const sharedIdentity = authFactory((auth, harness) => ({
  ...harness,
  provider: {
    id: 'memory',
    async getSession(event) {
      const session = await auth.provider.getSession(event)
      return session ? { ...session, providerUserId: session.displayName?.split(' ')[0] ?? 'user' } : null
    },
  },
}))

/** Answers a session without expiresAt: not valid on the wire. */
export const noExpiry = authFactory((auth, harness) => ({
  ...harness,
  provider: {
    id: 'memory',
    async getSession(event) {
      const session = await auth.provider.getSession(event)
      return session ? ({ ...session, expiresAt: undefined } as never) : null
    },
  },
}))

const brokerFactory = (defect: (auth: Auth) => Partial<ReturnType<TokenBrokerFactory['create']> & object>): TokenBrokerFactory => ({
  create: ({ now }) => {
    const auth = createMemoryAuth({ now, mintsFor: { providerId: 'memory-target', template: 'memory' } })
    return {
      broker: auth.broker,
      signIn: (user) => auth.signIn(user),
      mints: { providerId: 'memory-target', template: 'memory', verify: (token) => auth.verifyMinted(token) },
      breakUpstream: async () => auth.breakUpstream(),
      ...defect(auth),
    }
  },
})

/** Mints for signed-out callers too, with an anonymous subject. */
export const mintsForAnyone = brokerFactory((auth) => ({
  broker: {
    id: 'memory',
    async getToken(event, request) {
      return (await auth.broker.getToken(event, request)) ?? (request.providerId === 'memory-target' ? 'anonymous-token' : null)
    },
  },
}))

/** Throws on an unknown template or a failing upstream instead of answering null. */
export const throwsInsteadOfNull = brokerFactory((auth) => ({
  broker: {
    id: 'memory',
    async getToken(event, request) {
      const token = await auth.broker.getToken(event, request)
      if (token === null && request.providerId === 'memory-target' && getRequestHeader(event, 'authorization')) {
        throw new Error('the token service refused the request')
      }
      return token
    },
  },
}))

/** One token for everyone: the subject is not the caller. */
export const oneTokenForEveryone = brokerFactory((auth) => {
  let first: string | null = null
  return {
    broker: {
      id: 'memory',
      async getToken(event, request) {
        const token = await auth.broker.getToken(event, request)
        first ??= token
        return token && first
      },
    },
  }
})

/**
 * A provider on the wall clock (like one verifying a third party's tokens) whose sessions say they
 * ended an hour ago: caught only when the suite compares expiry with the wall clock it runs on.
 */
export const expiredByTheWallClock: AuthProviderFactory & { clock: 'wall' } = {
  clock: 'wall',
  create: () => {
    const auth = createMemoryAuth({ now: Date.now })
    return {
      provider: {
        id: 'memory',
        async getSession(event) {
          const session = await auth.provider.getSession(event)
          return session ? { ...session, expiresAt: new Date(Date.now() - 60 * 60_000).toISOString() } : null
        },
      },
      signIn: (user) => auth.signIn(user),
    }
  },
}
