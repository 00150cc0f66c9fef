import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { createEvent, type H3Event } from 'h3'

/** What makes a request signed in: the headers (Authorization, Cookie, ...) a client would send. */
export interface RequestCredentials {
  headers: Record<string, string>
}

export interface RequestEventOptions {
  method?: string
  url?: string
  headers?: Record<string, string>
}

/**
 * A real h3 event over Node's request/response objects, with no server behind it: what an
 * AuthProvider or token broker receives, for suites that call them directly.
 */
export function requestEvent({ method = 'GET', url = '/api/auth/session', headers = {} }: RequestEventOptions = {}): H3Event {
  const request = new IncomingMessage(new Socket())
  request.method = method
  request.url = url
  request.headers = { host: 'localhost:3000', ...lowerCaseKeys(headers) }
  return createEvent(request, new ServerResponse(request))
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
}

/**
 * The same credentials with one character changed near the end of every value (every cookie's
 * value, for a Cookie header): where a token's signature is. The next-to-last character, because
 * the last one of base64 text may carry unused bits (`…A` and `…B` can decode to the same bytes),
 * while the one before it always carries data.
 */
export function tamperedCredentials(credentials: RequestCredentials): RequestCredentials {
  // The next-to-last character, so a signature at the end is what changes: the last character of
  // a base64 value may carry only padding bits, which decoders ignore (the token would stay valid).
  const flip = (value: string) => {
    if (value.length < 2) return value === 'A' ? 'B' : 'A'
    const at = value.length - 2
    return value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1)
  }
  const headers = Object.fromEntries(
    Object.entries(credentials.headers).map(([name, value]) => {
      if (name.toLowerCase() !== 'cookie') return [name, flip(value)]
      const cookies = value.split(';').map((pair) => {
        const at = pair.indexOf('=')
        return at < 0 ? pair : `${pair.slice(0, at + 1)}${flip(pair.slice(at + 1))}`
      })
      return [name, cookies.join(';')]
    }),
  )
  return { headers }
}

/** The same header names with values no provider could accept. */
export function garbageCredentials(credentials: RequestCredentials): RequestCredentials {
  const headers = Object.fromEntries(
    Object.entries(credentials.headers).map(([name, value]) => {
      if (name.toLowerCase() === 'authorization') return [name, 'Bearer not-a-token']
      if (name.toLowerCase() !== 'cookie') return [name, 'not-a-token']
      return [name, value.split(';').map((pair) => `${pair.split('=')[0]}=not-a-token`).join(';')]
    }),
  )
  return { headers }
}
