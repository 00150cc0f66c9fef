import {
  defineEventHandler,
  getRequestHeader,
  readBody,
  setResponseHeader,
  setResponseStatus,
  type EventHandler,
  type H3Event,
} from 'h3'
import { fieldErrors, httpStatusForCode, isProviderError, ProviderError, toErrorEnvelope, type ErrorEnvelope } from 'or3-provider-kit'
import type { z } from 'zod'
import { useBasicAuth, type BasicAuth } from './basic-auth'
import { assertAllowedOrigin } from './request-guards'

/** Credentials and a display name fit in far less; a bigger body is not a sign-in. */
const MAX_BODY_BYTES = 16 * 1024

/**
 * Every basic-auth route: no caching, origin check, then the handler; a ProviderError becomes the
 * kit's ErrorEnvelope with its status (and Retry-After), anything else a bare 500.
 */
export function defineBasicAuthRoute<T>(
  handler: (event: H3Event, auth: BasicAuth) => Promise<T>,
): EventHandler<Record<string, never>, Promise<T | ErrorEnvelope>> {
  return defineEventHandler(async (event) => {
    setResponseHeader(event, 'cache-control', 'no-store')
    try {
      const auth = useBasicAuth()
      assertAllowedOrigin(event, auth.settings)
      return await handler(event, auth)
    } catch (error) {
      return answerError(event, error)
    }
  })
}

function answerError(event: H3Event, error: unknown): ErrorEnvelope {
  if (isProviderError(error)) {
    setResponseStatus(event, httpStatusForCode(error.code))
    if (error.retryAfterSeconds !== undefined) setResponseHeader(event, 'retry-after', error.retryAfterSeconds)
    return toErrorEnvelope(error)
  }
  // Request bodies are never part of an error we log, so no password reaches the log.
  console.error('[basic-auth] request failed:', error instanceof Error ? (error.stack ?? error.message) : error)
  setResponseStatus(event, 500)
  return toErrorEnvelope(new ProviderError('INTERNAL', 'Something went wrong on the server; try again'))
}

/** The JSON body parsed by `schema`; VALIDATION (400) names the first problem and lists them all by field. */
export async function readValidBody<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.output<S>> {
  const declared = Number(getRequestHeader(event, 'content-length') ?? 0)
  if (declared > MAX_BODY_BYTES) throw new ProviderError('TOO_LARGE', 'The request body is too large')
  let body: unknown
  try {
    body = await readBody(event)
  } catch (error) {
    throw new ProviderError('VALIDATION', 'The request body must be JSON', { cause: error })
  }
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error)
    const first = parsed.error.issues[0]?.message ?? 'Invalid request'
    throw new ProviderError('VALIDATION', first, { fields })
  }
  return parsed.data
}
