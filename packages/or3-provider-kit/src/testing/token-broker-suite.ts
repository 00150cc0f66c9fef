import { expect } from 'vitest'
import type { ProviderTokenBroker } from '../contracts/server.ts'
import { createTestClock, uniqueId } from './fixtures.ts'
import { MissingCapabilityError, runConformanceSuite, withInstance, type ConformanceCase, type ConformanceFactory, type SuiteOptions } from './harness.ts'
import { requestEvent, type RequestCredentials } from './request-event.ts'
import type { TestUser } from './auth-provider-suite.ts'

/** What a broker mints, and how the receiving provider would check it. */
export interface MintedTokenTarget {
  providerId: string
  template?: string
  /** Verifies a token as the receiving provider would (signature, audience, expiry) and names its subject. */
  verify(token: string): Promise<{ subject: string }>
}

export interface TokenBrokerHarness {
  broker: ProviderTokenBroker
  signIn(user: TestUser): Promise<RequestCredentials>
  /** Absent: the broker mints nothing, and must answer null to every request. */
  mints?: MintedTokenTarget
  /** Makes the service that mints tokens fail (stop the upstream API). */
  breakUpstream?(): Promise<void>
}

export interface TokenBrokerSettings {
  now: () => number
}

export type TokenBrokerFactory<T extends TokenBrokerHarness = TokenBrokerHarness> = ConformanceFactory<TokenBrokerSettings, T>
export type TokenBrokerCapability = 'mints' | 'breakUpstream'

type BrokerCase = ConformanceCase<TokenBrokerFactory>

const newUser = (): TestUser => {
  const name = uniqueId('user')
  return { email: `${name}@example.test`, displayName: `Test ${name}` }
}

function withHarness(factory: TokenBrokerFactory, body: (h: TokenBrokerHarness) => Promise<void>) {
  return withInstance(factory, { now: createTestClock().now }, body)
}

const tokenFor = (h: TokenBrokerHarness, credentials: RequestCredentials | null, request: { providerId: string; template?: string }) =>
  h.broker.getToken(requestEvent({ method: 'POST', url: '/api/auth/token', headers: credentials?.headers ?? {} }), request)

function requireMints(h: TokenBrokerHarness): MintedTokenTarget {
  if (!h.mints) throw new MissingCapabilityError('mints')
  return h.mints
}

export const tokenBrokerCases: readonly BrokerCase[] = [
  {
    name: 'getToken: a signed-out request gets null',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const target = h.mints ?? { providerId: 'convex', template: 'convex' }
        expect(await tokenFor(h, null, { providerId: target.providerId, template: target.template })).toBeNull()
      }),
  },
  {
    name: 'getToken: a provider it does not mint for gets null, not an error',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const credentials = await h.signIn(newUser())
        expect(await tokenFor(h, credentials, { providerId: uniqueId('unknown-provider') })).toBeNull()
      }),
  },
  {
    name: 'getToken: mints a token the receiving provider accepts, whose subject is the caller',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const target = requireMints(h)
        const alice = await h.signIn(newUser())
        const bob = await h.signIn(newUser())
        const request = { providerId: target.providerId, template: target.template }
        const [a1, a2, b] = [await tokenFor(h, alice, request), await tokenFor(h, alice, request), await tokenFor(h, bob, request)]
        expect([a1, a2, b].every((t) => typeof t === 'string' && t.length > 0), 'every signed-in caller gets a token').toBe(true)
        const [sa1, sa2, sb] = [await target.verify(a1!), await target.verify(a2!), await target.verify(b!)]
        expect(sa2.subject, 'the same caller is the same subject').toBe(sa1.subject)
        expect(sb.subject, 'another caller is another subject').not.toBe(sa1.subject)
      }),
  },
  {
    name: 'getToken: an unknown template gets null, not an error',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const target = requireMints(h)
        const credentials = await h.signIn(newUser())
        expect(await tokenFor(h, credentials, { providerId: target.providerId, template: uniqueId('no-such-template') })).toBeNull()
      }),
  },
  {
    name: 'getToken: when the minting service fails it answers null, not an error',
    run: (factory) =>
      withHarness(factory, async (h) => {
        const target = requireMints(h)
        if (!h.breakUpstream) throw new MissingCapabilityError('breakUpstream')
        const credentials = await h.signIn(newUser())
        await h.breakUpstream()
        expect(await tokenFor(h, credentials, { providerId: target.providerId, template: target.template })).toBeNull()
      }),
  },
]

/** `testTokenBroker({ name: 'clerk', requires: ['mints'], create: () => harness })`. */
export function testTokenBroker<T extends TokenBrokerHarness>(options: TokenBrokerFactory<T> & SuiteOptions<TokenBrokerCapability>): void {
  runConformanceSuite('ProviderTokenBroker', tokenBrokerCases, options as unknown as TokenBrokerFactory, options)
}
