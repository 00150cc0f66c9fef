import type { z } from 'zod'
import { ProviderError } from '../errors.ts'

/** Field errors keyed by dotted path (`ops.3.stamp.clock`), the shape every 400 carries. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(root)'
    ;(fields[key] ??= []).push(issue.message)
  }
  return fields
}

// Every object or array the kit's parsers produced, with the schema that produced it. Zod builds
// new objects on parse, so an entry can only be a value nobody but its parser has touched; the
// adapter factories skip parsing one again (the request pipeline parses, the adapter trusts).
// With two copies of the kit in one bundle the schemas differ, and values are simply parsed twice.
const parsedBy = new WeakMap<object, z.ZodType>()

/** `schema.safeParse`, remembering the output so `parseWireOnce` need not parse it again. */
export function safeParseWire<S extends z.ZodType>(schema: S, input: unknown): z.ZodSafeParseResult<z.output<S>> {
  const result = schema.safeParse(input)
  if (result.success && typeof result.data === 'object' && result.data !== null) parsedBy.set(result.data, schema)
  return result
}

/** Whether `value` is the output of parsing with `schema` through this kit. */
export function wasParsedBy(schema: z.ZodType, value: unknown): boolean {
  return typeof value === 'object' && value !== null && parsedBy.get(value) === schema
}

/** Parses a wire payload or throws a VALIDATION ProviderError with field errors. */
export function parseWire<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const result = safeParseWire(schema, input)
  if (!result.success) {
    throw new ProviderError('VALIDATION', `Invalid ${what}`, { fields: fieldErrors(result.error) })
  }
  return result.data
}

/** `input` itself when the kit already parsed it with `schema`; otherwise `parseWire`. */
export function parseWireOnce<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  return wasParsedBy(schema, input) ? (input as z.output<S>) : parseWire(schema, input, what)
}
