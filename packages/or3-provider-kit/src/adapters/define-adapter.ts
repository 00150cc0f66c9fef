import type { z } from 'zod'
import { isProviderError, ProviderError } from '../errors.ts'
import { fieldErrors, safeParseWire, wasParsedBy } from '../schemas/validation.ts'

/**
 * Turns a backend's own failure (a driver error, a lost connection) into the ProviderError a
 * caller should see, e.g. SQLITE_BUSY → UNAVAILABLE. `undefined` leaves it as it is: core logs its
 * message and answers a plain 500. ProviderErrors never reach the mapper.
 */
export type ErrorMapper = (error: unknown) => ProviderError | undefined

/** What every `defineX` takes besides the contract's methods. */
export interface AdapterOptions {
  readonly id: string
  mapError?: ErrorMapper
}

/** A contract method as a provider writes it: arguments already checked, and it may answer synchronously. */
export type Implementation<F> = F extends (...args: infer A) => Promise<infer R> ? (...args: A) => R | Promise<R> : never

/** How one method's arguments are checked, by position: `[name, schema]`, or null for one core builds (a call context). */
export type ArgumentSchemas = readonly (readonly [name: string, schema: z.ZodType] | null)[]

/** Runs `work`, passing a failure through `mapError` (ProviderErrors pass unchanged). */
export async function withMappedErrors<T>(mapError: ErrorMapper | undefined, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw (!isProviderError(error) && mapError?.(error)) || error
  }
}

/**
 * `value` checked against `schema`: as it is when the kit already parsed it with that schema (the
 * request pipeline did), else parsed now. VALIDATION names the argument, or its fields.
 */
export function parseArgument<S extends z.ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  if (wasParsedBy(schema, value)) return value as z.output<S>
  const result = safeParseWire(schema, value)
  if (result.success) return result.data
  const fields = fieldErrors(result.error)
  if (fields['(root)']) {
    fields[name] = fields['(root)']
    delete fields['(root)']
  }
  throw new ProviderError('VALIDATION', `Invalid ${name}`, { fields })
}

/**
 * The contract methods named in `schemas`, each checking its arguments once, then calling the
 * provider's method with the parsed values, its failures mapped. Arguments past the listed ones
 * pass unchanged; a method the provider does not have (an optional one) stays absent.
 */
export function wrapMethods(
  implementation: AdapterOptions & object,
  schemas: Readonly<Record<string, ArgumentSchemas>>,
): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const [name, argumentSchemas] of Object.entries(schemas)) {
    const method = (implementation as Record<string, unknown>)[name]
    if (typeof method !== 'function') continue
    methods[name] = (...args) =>
      withMappedErrors(implementation.mapError, () => {
        const parsed = Array.from({ length: Math.max(args.length, argumentSchemas.length) }, (_, index) => {
          const check = argumentSchemas[index]
          return check ? parseArgument(check[0], check[1], args[index]) : args[index]
        })
        return method.apply(implementation, parsed)
      })
  }
  return methods
}
