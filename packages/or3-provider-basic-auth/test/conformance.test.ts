// The kit's suites for every contract basic-auth offers, through its real routes and cookies.
import type { RequestCredentials, TestUser } from 'or3-provider-kit/testing'
import { testAdminAdapter, testAuthProvider, testTokenBroker } from 'or3-provider-kit/testing'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { basicAuthIssuer, basicAuthJwks } from '../src/runtime/index'
import { createHarness, STRONG_PASSWORD, type Harness } from './support/harness'

const SECRET = 'conformance-secret-of-enough-length-0123456789'

/** A harness whose signIn registers the user through the real route and hands back the access cookie. */
function signedInHarness(now?: () => number) {
  const h = createHarness({ now, env: { OR3_BASIC_AUTH_SECRET: SECRET } })
  const browsers = new Map<string, ReturnType<Harness['browser']>>()
  return {
    h,
    async signIn(user: TestUser): Promise<RequestCredentials> {
      const browser = h.browser()
      const reply = await browser.register({ email: user.email, password: STRONG_PASSWORD, displayName: user.displayName })
      if (reply.status !== 201) throw new Error(`registering failed: ${reply.status} ${JSON.stringify(reply.body)}`)
      const cookie = `or3_ba_access=${browser.jar.get('or3_ba_access')}`
      browsers.set(cookie, browser)
      return { headers: { cookie } }
    },
    async signOut(credentials: RequestCredentials) {
      await browsers.get(credentials.headers.cookie!)?.signOut()
    },
  }
}

testAuthProvider({
  name: 'basic-auth',
  requires: ['signOut', 'users'],
  create: ({ now }) => {
    const { h, signIn, signOut } = signedInHarness(now)
    return { h, provider: h.auth.authProvider, signIn, signOut }
  },
  cleanup: ({ h }) => h.close(),
})

// The broker mints RS256 tokens for Convex; verified here as a deployment would, against the
// public JWKS the setup wizard publishes (basicAuthJwks) and the issuer it names.
testTokenBroker({
  name: 'basic-auth',
  requires: ['mints'],
  create: ({ now }) => {
    const { h, signIn } = signedInHarness(now)
    const env = h.ctx.env
    return {
      h,
      broker: h.auth.tokenBroker,
      signIn,
      mints: {
        providerId: 'convex',
        template: 'convex',
        async verify(token: string) {
          const { payload } = await jwtVerify(token, createLocalJWKSet(basicAuthJwks(env)), {
            issuer: basicAuthIssuer(env),
            audience: 'convex',
            algorithms: ['RS256'],
            // The service checks expiry by the same clock the broker minted by (the suite's).
            currentDate: new Date(now()),
          })
          return { subject: payload.sub! }
        },
      },
    }
  },
  cleanup: ({ h }) => h.close(),
})

testAdminAdapter({
  name: 'basic-auth',
  requires: ['breakBackend'],
  create: () => {
    const h = createHarness({ env: { OR3_BASIC_AUTH_SECRET: SECRET } })
    return { h, adapter: h.auth.admin, secrets: [SECRET], breakBackend: async () => h.auth.close() }
  },
  cleanup: ({ h }) => h.close(),
})
