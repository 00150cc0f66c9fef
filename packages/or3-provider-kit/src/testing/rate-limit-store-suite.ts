import { expect } from 'vitest'
import type { RateLimitStore } from '../contracts/server.ts'
import { createTestClock, uniqueId, type TestClock } from './fixtures.ts'
import { runConformanceSuite, withInstance, type ConformanceCase, type ConformanceFactory, type SuiteOptions } from './harness.ts'

export interface RateLimitStoreSettings {
  now: () => number
}

export type RateLimitStoreFactory<T extends RateLimitStore = RateLimitStore> = ConformanceFactory<RateLimitStoreSettings, T>

type RateLimitCase = ConformanceCase<RateLimitStoreFactory>

const WINDOW = { windowMs: 60_000, limit: 3 }

function withLimiter(factory: RateLimitStoreFactory, body: (store: RateLimitStore, clock: TestClock) => Promise<void>) {
  const clock = createTestClock()
  return withInstance(factory, { now: clock.now }, (store) => body(store, clock))
}

/** Every RateLimitStore guarantee, by name. */
export const rateLimitStoreCases: readonly RateLimitCase[] = [
  {
    name: 'consume: allows up to the limit, then denies with remaining 0 until resetAt',
    run: (factory) =>
      withLimiter(factory, async (store, clock) => {
        const key = uniqueId('key')
        const start = clock.now()
        const allowed = []
        for (let i = 0; i < WINDOW.limit; i++) allowed.push(await store.consume(key, WINDOW))
        expect(allowed.map((d) => [d.allowed, d.remaining]), 'each hit within the limit is allowed and counted').toEqual([
          [true, 2],
          [true, 1],
          [true, 0],
        ])
        const denied = await store.consume(key, WINDOW)
        expect([denied.allowed, denied.remaining], 'the hit over the limit is denied').toEqual([false, 0])
        expect(denied.resetAt, 'resetAt is in the future').toBeGreaterThan(clock.now())
        expect(denied.resetAt, 'and no later than one window from the first hit').toBeLessThanOrEqual(start + WINDOW.windowMs)
      }),
  },
  {
    needsClock: true,
    name: 'consume: a new window starts after windowMs',
    run: (factory) =>
      withLimiter(factory, async (store, clock) => {
        const key = uniqueId('key')
        for (let i = 0; i <= WINDOW.limit; i++) await store.consume(key, WINDOW)
        clock.advance(WINDOW.windowMs / 2)
        expect((await store.consume(key, WINDOW)).allowed, 'still denied within the window').toBe(false)
        clock.advance(WINDOW.windowMs / 2)
        const fresh = await store.consume(key, WINDOW)
        expect([fresh.allowed, fresh.remaining], 'allowed again once the window has passed').toEqual([true, WINDOW.limit - 1])
        expect(fresh.resetAt, 'with a resetAt in the new window').toBeGreaterThan(clock.now())
      }),
  },
  {
    name: 'consume: keys are counted independently',
    run: (factory) =>
      withLimiter(factory, async (store) => {
        const [busy, quiet] = [uniqueId('busy'), uniqueId('quiet')]
        for (let i = 0; i <= WINDOW.limit; i++) await store.consume(busy, WINDOW)
        const other = await store.consume(quiet, WINDOW)
        expect([other.allowed, other.remaining], "one key's hits don't count against another").toEqual([true, WINDOW.limit - 1])
      }),
  },
  {
    name: 'consume: atomic; 50 concurrent hits against a limit of 10 allow exactly 10',
    run: (factory) =>
      withLimiter(factory, async (store) => {
        const key = uniqueId('key')
        const options = { windowMs: 60_000, limit: 10 }
        const decisions = await Promise.all(Array.from({ length: 50 }, () => store.consume(key, options)))
        expect(decisions.filter((d) => d.allowed), 'concurrent callers never overshoot the limit').toHaveLength(10)
        expect(decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0), 'every denial says remaining 0').toBe(true)
      }),
  },
]

export interface RateLimitStoreSuiteOptions<T extends RateLimitStore> extends RateLimitStoreFactory<T>, SuiteOptions<never> {}

export function testRateLimitStore<T extends RateLimitStore>(options: RateLimitStoreSuiteOptions<T>): void {
  runConformanceSuite('RateLimitStore', rateLimitStoreCases, options as RateLimitStoreFactory, options)
}
