import { describe, expect, it } from 'vitest'
import { isProviderError, type ProviderErrorCode } from '../errors.ts'

/**
 * One guarantee of a contract, written once and run against every provider. `run` throws (an
 * `expect` failure) when the implementation the factory makes breaks the guarantee, so a test can
 * also call it directly to prove the case is not vacuous.
 */
export interface ConformanceCase<F> {
  readonly name: string
  /**
   * The case moves the suite's clock (`clock.advance`) and needs the implementation to follow it:
   * skipped for a provider that runs on the wall clock, such as a remote deployment.
   */
  readonly needsClock?: boolean
  run(factory: F): Promise<void>
}

/**
 * How a suite gets instances. `create` must return a fresh, empty instance on every call (cases
 * never share state); `cleanup`, when given, is called with it after the case, pass or fail.
 * `create` may be async and remote (a deployment reached over HTTP): cases use unique ids, so a
 * backend shared between cases still gives each case its own workspaces and users.
 */
export interface ConformanceFactory<S, I> {
  create(settings: S): I | Promise<I>
  cleanup?(instance: I): unknown
}

/** An optional contract method is missing: the case is skipped unless the provider requires it. */
export class MissingCapabilityError extends Error {
  readonly capability: string
  constructor(capability: string) {
    super(`the implementation has no ${capability}()`)
    this.name = 'MissingCapabilityError'
    this.capability = capability
  }
}

/** Returns the optional method `name` of `target`, bound, or throws MissingCapabilityError. */
export function requireMethod<T extends object, K extends keyof T>(target: T, name: K): NonNullable<T[K]> {
  const method = target[name]
  if (typeof method !== 'function') throw new MissingCapabilityError(String(name))
  return method.bind(target) as NonNullable<T[K]>
}

/** Creates an instance, runs `body` with it and always cleans up. */
export async function withInstance<S, I>(
  factory: ConformanceFactory<S, I>,
  settings: S,
  body: (instance: I) => Promise<void>,
): Promise<void> {
  const instance = await factory.create(settings)
  try {
    await body(instance)
  } finally {
    await factory.cleanup?.(instance)
  }
}

export interface SuiteOptions<C extends string> {
  /** Shown in the describe title, e.g. 'sqlite'. */
  name: string
  /** Optional methods this provider promises: their cases fail instead of skipping when absent. */
  requires?: readonly C[]
  /**
   * `injected` (default): the implementation reads time from the `now` the suite passes, so cases
   * can move it. `wall`: it cannot (e.g. a remote deployment, an SDK that checks a token's `exp`
   * itself); cases that move the clock are skipped, and expiry is judged against the wall clock.
   */
  clock?: 'injected' | 'wall'
}

/** `describe` with one `it` per case: the shape every `testX` export shares. */
export function runConformanceSuite<F, C extends string>(
  contract: string,
  cases: readonly ConformanceCase<F>[],
  factory: F,
  options: SuiteOptions<C>,
): void {
  describe(`${contract} conformance: ${options.name}`, () => {
    for (const conformanceCase of cases) {
      it(conformanceCase.name, async (context) => {
        if (conformanceCase.needsClock && options.clock === 'wall') {
          context.skip('moves the clock, and this implementation runs on the wall clock')
        }
        try {
          await conformanceCase.run(factory)
        } catch (error) {
          if (!(error instanceof MissingCapabilityError)) throw error
          if (options.requires?.includes(error.capability as C)) {
            throw new Error(`${options.name} declares that it implements ${error.capability}, but ${error.message}`, {
              cause: error,
            })
          }
          context.skip(`optional ${error.capability}() is not implemented`)
        }
      })
    }
  })
}

/** Awaits `promise` and asserts it rejects with a ProviderError of `code`. */
export async function expectProviderError(
  promise: Promise<unknown>,
  code: ProviderErrorCode,
  because: string,
): Promise<void> {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }
  expect(caught, `${because}: expected a ProviderError ${code}, but the call succeeded`).toBeDefined()
  expect(isProviderError(caught), `${because}: expected a ProviderError ${code}, got ${String(caught)}`).toBe(true)
  expect((caught as { code: string }).code, `${because}: wrong ProviderError code`).toBe(code)
}
