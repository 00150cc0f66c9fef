import { expect } from 'vitest'
import type { AuthProvider, AuthUserAdmin } from '../contracts/server.ts'
import { providerSessionSchema, type ProviderSession } from '../schemas/session.ts'
import { createTestClock, uniqueId, type TestClock } from './fixtures.ts'
import { MissingCapabilityError, runConformanceSuite, withInstance, type ConformanceCase, type ConformanceFactory, type SuiteOptions } from './harness.ts'
import { garbageCredentials, requestEvent, tamperedCredentials, type RequestCredentials } from './request-event.ts'

export interface TestUser {
  email: string
  displayName: string
}

/** An AuthProvider and the means to sign users in to it, as a client would. */
export interface AuthProviderHarness {
  provider: AuthProvider
  /** Signs a user in (registering them first when needed) and returns what their requests carry. */
  signIn(user: TestUser): Promise<RequestCredentials>
  /** Credentials that were issued to `user` and have expired (needed by providers on the wall clock). */
  signInExpired?(user: TestUser): Promise<RequestCredentials>
  /** Ends the session these credentials belong to (sign-out). */
  signOut?(credentials: RequestCredentials): Promise<void>
}

export interface AuthProviderSettings {
  now: () => number
}

export type AuthProviderFactory<T extends AuthProviderHarness = AuthProviderHarness> = ConformanceFactory<AuthProviderSettings, T>
/** `users`: the provider offers the optional account management (`AuthProvider.users`). */
export type AuthProviderCapability = 'signInExpired' | 'signOut' | 'users'

/** The factory with the suite's clock option: cases compare expiry with the clock the provider reads. */
type AuthSuiteFactory = AuthProviderFactory & Pick<SuiteOptions<AuthProviderCapability>, 'clock'>
type AuthCase = ConformanceCase<AuthSuiteFactory>

const newUser = (): TestUser => {
  const name = uniqueId('user')
  return { email: `${name}@example.test`, displayName: `Test ${name}` }
}

/** The time a provider on the wall clock reads (a remote service, an SDK that checks `exp` itself): not movable. */
const cannotMove = (): never => {
  throw new Error('this provider runs on the wall clock: the suite cannot move its time')
}
const wallClock: TestClock = { now: () => Date.now(), advance: cannotMove, set: cannotMove }

function withHarness(factory: AuthSuiteFactory, body: (h: AuthProviderHarness, clock: TestClock) => Promise<void>) {
  const clock = factory.clock === 'wall' ? wallClock : createTestClock()
  return withInstance(factory, { now: clock.now }, (h) => body(h, clock))
}

const sessionOf = (h: AuthProviderHarness, credentials?: RequestCredentials) =>
  h.provider.getSession(requestEvent({ headers: credentials?.headers ?? {} }))

async function expectSignedIn(h: AuthProviderHarness, credentials: RequestCredentials, because: string): Promise<ProviderSession> {
  const session = await sessionOf(h, credentials)
  expect(session, because).not.toBeNull()
  return session!
}

export const authProviderCases: readonly AuthCase[] = [
  {
    name: 'getSession: a request without credentials is signed out (null)',
    run: (factory) =>
      withHarness(factory, async (h) => {
        expect(await sessionOf(h)).toBeNull()
      }),
  },
  {
    name: "getSession: a signed-in request gives a session of this provider, valid on the wire, expiring after now",
    run: (factory) =>
      withHarness(factory, async (h, clock) => {
        const session = await expectSignedIn(h, await h.signIn(newUser()), 'freshly signed in')
        expect(providerSessionSchema.safeParse(session).success, `the session must match the wire schema: ${JSON.stringify(session)}`).toBe(true)
        expect(session.provider, 'the session names this provider').toBe(h.provider.id)
        expect(Date.parse(session.expiresAt), 'expiresAt is an ISO date after now').toBeGreaterThan(clock.now())
      }),
  },
  {
    name: 'getSession: the same user is the same providerUserId on every request; two users are two',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const [alice, bob] = [newUser(), newUser()]
        const aliceCredentials = await h.signIn(alice)
        const first = await expectSignedIn(h, aliceCredentials, 'alice')
        const again = await expectSignedIn(h, aliceCredentials, 'alice again')
        const other = await expectSignedIn(h, await h.signIn(bob), 'bob')
        expect(again.providerUserId).toBe(first.providerUserId)
        expect(other.providerUserId, 'another user is another identity').not.toBe(first.providerUserId)
      }),
  },
  {
    name: 'getSession: reports the email the user signed in with, and the display name when it has one',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const user = newUser()
        const session = await expectSignedIn(h, await h.signIn(user), 'signed in')
        expect(session.email?.toLowerCase()).toBe(user.email.toLowerCase())
        if (session.displayName !== undefined) expect(session.displayName).toBe(user.displayName)
      }),
  },
  {
    name: 'getSession: tampered credentials read as signed out, never as an error',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const credentials = await h.signIn(newUser())
        await expectSignedIn(h, credentials, 'the untampered credentials work')
        expect(await sessionOf(h, tamperedCredentials(credentials))).toBeNull()
      }),
  },
  {
    name: 'getSession: garbage in the credential headers reads as signed out, never as an error',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const credentials = await h.signIn(newUser())
        expect(await sessionOf(h, garbageCredentials(credentials))).toBeNull()
        expect(await sessionOf(h, { headers: { authorization: 'Bearer ', cookie: '=;;=' } })).toBeNull()
      }),
  },
  {
    name: 'getSession: expired credentials read as signed out',
    run: (factory) =>
      withHarness(factory, async (h, clock) => {
        const user = newUser()
        if (h.signInExpired) {
          expect(await sessionOf(h, await h.signInExpired(user))).toBeNull()
          return
        }
        if (factory.clock === 'wall') throw new MissingCapabilityError('signInExpired')
        // Providers on the injected clock: sign in, then move time past the session's expiry.
        const credentials = await h.signIn(user)
        const session = await expectSignedIn(h, credentials, 'before expiry')
        clock.set(Date.parse(session.expiresAt) + 1000)
        expect(await sessionOf(h, credentials), 'after expiresAt').toBeNull()
      }),
  },
  {
    name: 'getSession: after sign-out the credentials read as signed out',
    run: (factory) =>
      withHarness(factory, async (h) => {
        if (!h.signOut) throw new MissingCapabilityError('signOut')
        const credentials = await h.signIn(newUser())
        await expectSignedIn(h, credentials, 'before sign-out')
        await h.signOut(credentials)
        expect(await sessionOf(h, credentials)).toBeNull()
      }),
  },
  {
    name: 'users: lists a signed-in user, found by part of the email, enabled, under the session\'s providerUserId',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const users = requireUsers(h)
        const user = newUser()
        const session = await expectSignedIn(h, await h.signIn(user), 'signed in')
        const found = await users.listUsers({ query: user.email.slice(0, -4).toUpperCase(), limit: 10 })
        expect(found.map((entry) => entry.providerUserId)).toEqual([session.providerUserId])
        expect(found[0]!.disabled).toBe(false)
        expect(Number.isNaN(Date.parse(found[0]!.createdAt)), 'createdAt is an ISO date').toBe(false)
        expect(await users.listUsers({ query: 'no-such-account-anywhere', limit: 10 })).toEqual([])
      }),
  },
  {
    name: 'users: disabling a user ends their session at once and shows them disabled',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const users = requireUsers(h)
        const user = newUser()
        const credentials = await h.signIn(user)
        const session = await expectSignedIn(h, credentials, 'before disabling')
        await users.setDisabled(session.providerUserId, true)
        expect(await sessionOf(h, credentials), 'a disabled user is signed out').toBeNull()
        expect((await users.listUsers({ query: user.email, limit: 1 }))[0]?.disabled).toBe(true)
        await users.setDisabled(session.providerUserId, false)
        expect((await users.listUsers({ query: user.email, limit: 1 }))[0]?.disabled).toBe(false)
      }),
  },
  {
    name: 'users: deleting a user ends their session and removes them; unknown ids are NOT_FOUND',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const users = requireUsers(h)
        const user = newUser()
        const credentials = await h.signIn(user)
        const session = await expectSignedIn(h, credentials, 'before deleting')
        await users.deleteUser(session.providerUserId)
        expect(await sessionOf(h, credentials)).toBeNull()
        expect(await users.listUsers({ query: user.email, limit: 10 })).toEqual([])
        await expect(users.deleteUser(session.providerUserId)).rejects.toMatchObject({ code: 'NOT_FOUND' })
        await expect(users.setDisabled(uniqueId('nobody'), true)).rejects.toMatchObject({ code: 'NOT_FOUND' })
      }),
  },
]

function requireUsers(h: AuthProviderHarness): AuthUserAdmin {
  if (!h.provider.users) throw new MissingCapabilityError('users')
  return h.provider.users
}

/** `testAuthProvider({ name: 'basic-auth', create: ({ now }) => harness })`: every case as a test. */
export function testAuthProvider<T extends AuthProviderHarness>(options: AuthProviderFactory<T> & SuiteOptions<AuthProviderCapability>): void {
  runConformanceSuite('AuthProvider', authProviderCases, options as unknown as AuthSuiteFactory, options)
}
