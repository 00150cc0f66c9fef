import { getRequestHeader, type H3Event } from 'h3'

/**
 * What the server may believe about how a request reached it. `trustProxy` (`OR3_TRUST_PROXY`)
 * says a proxy of the operator's own sits in front and sets `X-Forwarded-*`; without it those
 * headers are whatever the client chose to send, and are ignored.
 */
export interface ProxyTrust {
  trustProxy: boolean
}

/** The value a trusted proxy appended: the last entry (earlier ones came from the client). */
function forwarded(event: H3Event, name: string): string | undefined {
  return getRequestHeader(event, name)
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1)
}

/**
 * Whether the request came over HTTPS: a TLS socket, or `X-Forwarded-Proto: https` from a
 * trusted proxy. Decides the `Secure` cookie flag, among others.
 */
export function isHttpsRequest(event: H3Event, { trustProxy }: ProxyTrust): boolean {
  if (trustProxy) {
    const proto = forwarded(event, 'x-forwarded-proto')?.toLowerCase()
    if (proto) return proto === 'https'
  }
  if (event.web?.url) return event.web.url.protocol === 'https:'
  const socket = event.node?.req?.socket as { encrypted?: boolean } | undefined
  return socket?.encrypted === true
}

/**
 * The origin this server answers on for this request (`https://chat.example.org`): the Host
 * header, or `X-Forwarded-Host` from a trusted proxy, with the scheme from `isHttpsRequest`.
 */
export function serverOrigin(event: H3Event, trust: ProxyTrust): string | null {
  const host = (trust.trustProxy ? forwarded(event, 'x-forwarded-host') : undefined) ?? getRequestHeader(event, 'host')
  if (!host) return null
  const scheme = isHttpsRequest(event, trust) ? 'https' : 'http'
  try {
    return new URL(`${scheme}://${host}`).origin
  } catch {
    return null
  }
}

/**
 * The caller's address: the socket's, unless the operator trusts a proxy; then the last
 * `X-Forwarded-For` entry, the one that proxy appended. `null` when the server cannot see it
 * (Nitro's bun preset, for one, hands handlers an empty socket address).
 */
export function clientAddress(event: H3Event, { trustProxy }: ProxyTrust): string | null {
  if (trustProxy) {
    const address = forwarded(event, 'x-forwarded-for')
    if (address) return address
  }
  const fromContext = event.context.clientAddress as string | undefined
  return fromContext || event.node?.req?.socket?.remoteAddress || null
}
