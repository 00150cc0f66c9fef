import { defineEventHandler, setResponseHeader, type EventHandler, type H3Event } from 'h3'
import { fieldErrors, ProviderError, type ErrorEnvelope } from 'or3-provider-kit'
import { assertSafeJsonRequest, mapSqliteError, readJsonBody, sendProviderError } from 'or3-provider-kit/server'
import type { z } from 'zod'
import { useBasicAuth, type BasicAuth } from './basic-auth'

/** Credentials and a display name fit in far less; a bigger body is not a sign-in. */
const MAX_BODY_BYTES = 16 * 1024

/**
 * Every basic-auth route: no caching; the kit's same-origin JSON guard (an Origin or Referer is
 * required: only the app signs in); then the handler. Errors leave through the kit's
 * `sendProviderError`, like core's: the ProviderError's status and envelope (a busy or full accounts
 * database is a 503), or a bare 500 whose message alone is logged (never a body, so never a password).
 */
export function defineBasicAuthRoute<T>(
  handler: (event: H3Event, auth: BasicAuth) => Promise<T>,
): EventHandler<Record<string, never>, Promise<T | ErrorEnvelope>> {
  return defineEventHandler(async (event) => {
    setResponseHeader(event, 'cache-control', 'no-store')
    try {
      const auth = useBasicAuth()
      assertSafeJsonRequest(event, auth.settings, { requireOrigin: true })
      return await handler(event, auth)
    } catch (error) {
      return sendProviderError(event, error, { label: 'basic-auth', mapError: mapSqliteError })
    }
  })
}

/** The JSON body parsed by `schema`; VALIDATION (400) names the first problem and lists them all by field. */
export async function readValidBody<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.output<S>> {
  const body = await readJsonBody(event, { maxBytes: MAX_BODY_BYTES })
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error)
    const first = parsed.error.issues[0]?.message ?? 'Invalid request'
    throw new ProviderError('VALIDATION', first, { fields })
  }
  return parsed.data
}
