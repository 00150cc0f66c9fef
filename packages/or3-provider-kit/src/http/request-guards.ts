import { getRequestHeader, type H3Event } from 'h3'
import { ProviderError } from '../errors.ts'
import { serverOrigin, type ProxyTrust } from './request-trust.ts'

/** The deployment's `security` settings (`OR3_ALLOWED_ORIGINS`, `OR3_TRUST_PROXY`). */
export interface RequestSecurity extends ProxyTrust {
  /** Origins besides the server's own whose pages may call state-changing routes. */
  allowedOrigins: readonly string[]
}

export interface OriginCheckOptions {
  /**
   * Refuse a request that shows no browser origin at all. Off for core routes (scripts and
   * other non-browser clients send none); on for sign-in routes, which only the app calls.
   */
  requireOrigin?: boolean
}

/** Methods that may change state: they are the ones a foreign page must not be able to send. */
export function isStateChangingMethod(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS'
}

/**
 * CSRF defence, on top of SameSite cookies: a request a browser sent from another origin is
 * refused with 403. The origin is the `Origin` header, else the `Referer`'s; with neither, a
 * `Sec-Fetch-Site` other than `same-origin`/`none` still marks a foreign page. Allowed: the
 * server's own origin (`serverOrigin`) and `allowedOrigins`. A sibling port or subdomain is
 * another origin. `Origin: null` (a sandboxed frame, a file) is never allowed.
 */
export function assertAllowedOrigin(event: H3Event, security: RequestSecurity, options: OriginCheckOptions = {}): void {
  const originHeader = getRequestHeader(event, 'origin')
  const claimed = originHeader !== undefined && originHeader !== '' ? originHeader : originOf(getRequestHeader(event, 'referer'))
  if (claimed === undefined) {
    const site = getRequestHeader(event, 'sec-fetch-site')
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new ProviderError('FORBIDDEN', 'This request came from another site; use the app itself')
    }
    if (options.requireOrigin) {
      throw new ProviderError('FORBIDDEN', 'This request has no Origin header; sign-in requests must come from the app')
    }
    return
  }
  const own = serverOrigin(event, security)
  const origin = originOf(claimed)
  if (origin !== undefined && origin === own) return
  if (origin !== undefined && security.allowedOrigins.some((allowed) => originOf(allowed) === origin)) return
  throw new ProviderError(
    'FORBIDDEN',
    `Requests from ${origin ?? 'a page with no origin'} are not allowed: the server answers on ${own ?? 'another origin'}. ` +
      'Behind a proxy set OR3_TRUST_PROXY=true, or add the origin to OR3_ALLOWED_ORIGINS',
  )
}

/**
 * A state-changing JSON route accepts JSON only (415 otherwise): a foreign page can post a form
 * or `text/plain` without a preflight, but not `application/json`. A request with no body and
 * no Content-Type passes.
 */
export function assertJsonRequest(event: H3Event): void {
  const type = getRequestHeader(event, 'content-type')
  if (type === undefined || type.trim() === '') {
    if (!hasBody(event)) return
  } else if (isJsonType(type)) {
    return
  }
  throw new ProviderError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Send the request body as JSON (Content-Type: application/json)${type ? `, not ${type.split(';')[0]?.trim()}` : ''}`,
  )
}

/** Both checks a state-changing JSON route runs before it reads anything. */
export function assertSafeJsonRequest(event: H3Event, security: RequestSecurity, options: OriginCheckOptions = {}): void {
  if (!isStateChangingMethod(event.method)) return
  assertAllowedOrigin(event, security, options)
  assertJsonRequest(event)
}

function isJsonType(contentType: string): boolean {
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return essence === 'application/json' || (essence.startsWith('application/') && essence.endsWith('+json'))
}

function hasBody(event: H3Event): boolean {
  const length = getRequestHeader(event, 'content-length')
  if (length !== undefined) return Number(length) > 0
  return getRequestHeader(event, 'transfer-encoding') !== undefined || Boolean(event.web?.request?.body)
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
