import { z } from 'zod'

// The failure body of every core endpoint and provider route (the kit's sendProviderError writes it).
const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
})

export type ErrorEnvelopeBody = z.output<typeof errorEnvelopeSchema>['error']

/** The `{ error: { code, message, fields? } }` of a failed answer, or null when the body is not one. */
export function readErrorEnvelope(body: unknown): ErrorEnvelopeBody | null {
  const parsed = errorEnvelopeSchema.safeParse(body)
  return parsed.success ? parsed.data.error : null
}

/** `Retry-After` is seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}

/**
 * The sentence to show for a failed request: the server's envelope message (a `$fetch` error keeps
 * the body in `data`), else the error's own message (ProviderError), else `fallback`.
 */
export function errorMessageOf(error: unknown, fallback: string): string {
  const envelope = readErrorEnvelope((error as { data?: unknown } | null)?.data)
  if (envelope) return envelope.message
  return error instanceof Error && error.name === 'ProviderError' ? error.message : fallback
}
