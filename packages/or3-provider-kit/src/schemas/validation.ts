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

/** Parses a wire payload or throws a VALIDATION ProviderError with field errors. */
export function parseWire<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) {
    throw new ProviderError('VALIDATION', `Invalid ${what}`, { fields: fieldErrors(result.error) })
  }
  return result.data
}
