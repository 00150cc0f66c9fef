// The kit's suites for every contract Clerk offers, through the real @clerk/backend against the
// Backend API double. Clerk checks a token's expiry on the wall clock: the suites run on it too.
import { randomUUID } from 'node:crypto'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import type { RequestCredentials, TestUser } from 'or3-provider-kit/testing'
import { testAdminAdapter, testAuthProvider, testTokenBroker } from 'or3-provider-kit/testing'
import { createHarness } from './support/harness'

/** Signs users in as clerk-js would leave a request: a session token made for this app, as a Bearer token. */
async function signedInHarness() {
  const h = await createHarness()
  const ids = new Map<string, string>()
  const userFor = (user: TestUser) => {
    const id = ids.get(user.email) ?? `user_${randomUUID().slice(0, 8)}`
    ids.set(user.email, id)
    h.double.upsertUser({ id, email: user.email, firstName: user.displayName })
    return id
  }
  const bearer = (token: string): RequestCredentials => ({ headers: { authorization: `Bearer ${token}` } })
  return {
    h,
    signIn: async (user: TestUser) => bearer(h.double.sessionToken({ userId: userFor(user) })),
    signInExpired: async (user: TestUser) =>
      bearer(h.double.sessionToken({ userId: userFor(user), issuedAt: Math.floor(Date.now() / 1000) - 70, expiresInSeconds: -10 })),
  }
}

// No signOut: a Clerk session token stays valid until its exp (60 s), as Clerk's own SDKs treat it.
testAuthProvider({
  name: 'clerk',
  clock: 'wall',
  requires: ['signInExpired'],
  create: async () => {
    const { h, signIn, signInExpired } = await signedInHarness()
    return { h, provider: h.provider.authProvider, signIn, signInExpired }
  },
  cleanup: ({ h }) => h.close(),
})

testTokenBroker({
  name: 'clerk',
  requires: ['mints', 'breakUpstream'],
  create: async () => {
    const { h, signIn } = await signedInHarness()
    // What Convex does with the `convex` template token: check it against the instance's keys.
    const keys = createRemoteJWKSet(new URL(`${h.double.url}/v1/jwks`), { headers: { authorization: `Bearer ${h.double.secretKey}` } })
    const verify = async (token: string) => {
      const { payload } = await jwtVerify(token, keys, { issuer: `https://${h.double.frontendApiHost}`, audience: 'convex', algorithms: ['RS256'] })
      return { subject: String(payload.sub) }
    }
    return {
      h,
      broker: h.provider.tokenBroker,
      signIn,
      mints: { providerId: 'convex', template: 'convex', verify },
      breakUpstream: async () => h.double.setReachable(false),
    }
  },
  cleanup: ({ h }) => h.close(),
})

testAdminAdapter({
  name: 'clerk',
  requires: ['breakBackend'],
  create: async () => {
    const h = await createHarness()
    return { h, adapter: h.provider.admin, secrets: [h.double.secretKey], breakBackend: async () => h.double.setReachable(false) }
  },
  cleanup: ({ h }) => h.close(),
})
