import { getRequestHeader, getRequestURL, type H3Event } from 'h3'
import { ProviderError } from 'or3-provider-kit'

/**
 * CSRF defence for mutating routes, on top of SameSite=Lax: the browser's Origin (or, failing
 * that, Referer) must be this server or one of `security.allowedOrigins`.
 */
export function assertAllowedOrigin(
  event: H3Event,
  security: { allowedOrigins: readonly string[]; trustProxy: boolean },
): void {
  const claimed = originOf(getRequestHeader(event, 'origin')) ?? originOf(getRequestHeader(event, 'referer'))
  if (!claimed) {
    throw new ProviderError('FORBIDDEN', 'This request has no Origin header; sign-in requests must come from the app')
  }
  const own = getRequestURL(event, {
    xForwardedHost: security.trustProxy,
    xForwardedProto: security.trustProxy,
  }).origin
  if (claimed === own) return
  if (security.allowedOrigins.some((allowed) => originOf(allowed) === claimed)) return
  throw new ProviderError(
    'FORBIDDEN',
    `Requests from ${claimed} are not allowed: the server answers on ${own}. ` +
      'Behind a proxy set OR3_TRUST_PROXY=true, or add the origin to OR3_ALLOWED_ORIGINS',
  )
}

function originOf(value: string | undefined): string | undefined {
  if (!value || value === 'null') return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined
  } catch {
    return undefined
  }
}

/**
 * The caller's address for attempt limits. The socket's address, unless the operator trusts a
 * proxy: then the last X-Forwarded-For entry, the one the trusted proxy itself appended (earlier
 * entries are whatever the client chose to send). `null` when the server cannot see it (Nitro's
 * bun preset, for one, hands handlers an empty socket address).
 */
export function clientIp(event: H3Event, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = getRequestHeader(event, 'x-forwarded-for')
      ?.split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1)
    if (forwarded) return forwarded
  }
  const fromContext = event.context.clientAddress as string | undefined
  return fromContext || event.node?.req?.socket?.remoteAddress || null
}
