import { getQuery, getRequestHeader, getRouterParams, readBody, type H3Event } from 'h3'
import { ProviderError, fieldErrors } from 'or3-provider-kit'
import type { z } from 'zod'

/** Largest JSON body a core endpoint reads: a full sync batch (100 ops × 64 KiB) and some. */
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

/** Validates body, query and route params together, so one 400 lists every bad field. */
export async function readValidatedInput<S extends InputSchemas>(event: H3Event, schemas: S): Promise<ParsedInput<S>> {
  const fields: Record<string, string[]> = {}
  const parse = (where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown) => {
    if (!schema) return undefined
    const result = schema.safeParse(value)
    if (result.success) return result.data
    for (const [path, messages] of Object.entries(fieldErrors(result.error))) {
      fields[`${where}.${path}`] = messages
    }
    return undefined
  }

  let rawBody: unknown
  if (schemas.body) {
    const length = Number(getRequestHeader(event, 'content-length') ?? 0)
    if (length > MAX_JSON_BODY_BYTES) {
      throw new ProviderError('TOO_LARGE', `The request body is over ${MAX_JSON_BODY_BYTES} bytes`)
    }
    rawBody = await readBody(event)
  }
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
