import { getQuery, getRouterParams, type H3Event } from 'h3'
import { ProviderError, fieldErrors, safeParseWire } from 'or3-provider-kit'
import { readJsonBody } from 'or3-provider-kit/server'
import type { z } from 'zod'

/**
 * Largest JSON body a core endpoint reads: a full sync batch (100 ops × 64 KiB) and some. Bodies
 * are read as a stream and cut off here, whether or not they declare a Content-Length.
 */
export const MAX_JSON_BODY_BYTES = 8 * 1024 * 1024

export interface InputSchemas {
  body?: z.ZodType
  query?: z.ZodType
  params?: z.ZodType
}

type Parsed<S, K extends keyof InputSchemas> = S extends { [P in K]: infer T extends z.ZodType } ? z.output<T> : undefined

export type ParsedInput<S extends InputSchemas> = {
  body: Parsed<S, 'body'>
  query: Parsed<S, 'query'>
  params: Parsed<S, 'params'>
}

/**
 * Validates body, query and route params together, so one 400 lists every bad field. Parsed
 * through the kit, so an adapter built with its factories takes these values without parsing
 * them again.
 */
export async function readValidatedInput<S extends InputSchemas>(event: H3Event, schemas: S): Promise<ParsedInput<S>> {
  const fields: Record<string, string[]> = {}
  const parse = (where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown) => {
    if (!schema) return undefined
    const result = safeParseWire(schema, value)
    if (result.success) return result.data
    for (const [path, messages] of Object.entries(fieldErrors(result.error))) {
      fields[`${where}.${path}`] = messages
    }
    return undefined
  }

  const rawBody = schemas.body
    ? await readJsonBody(event, {
        maxBytes: MAX_JSON_BODY_BYTES,
        tooLargeMessage: `The request is larger than the ${MAX_JSON_BODY_BYTES / 1024 / 1024} MiB this server accepts`,
      })
    : undefined
  const input = {
    body: parse('body', schemas.body, rawBody),
    query: parse('query', schemas.query, getQuery(event)),
    params: parse('params', schemas.params, getRouterParams(event, { decode: true })),
  }
  if (Object.keys(fields).length > 0) {
    throw new ProviderError('VALIDATION', 'Invalid request', { fields })
  }
  return input as ParsedInput<S>
}
