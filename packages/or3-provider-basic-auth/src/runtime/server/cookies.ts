import { deleteCookie, getCookie, setCookie, type H3Event } from 'h3'
import { isHttpsRequest } from 'or3-provider-kit/server'
import { BASIC_AUTH_BASE_PATH, SESSION_EXPIRY_COOKIE } from '../shared/wire'
import type { SignedInSession } from './auth-service'
import { REFRESH_TOKEN_TTL_MS, type BasicAuthSettings } from './settings'

export const ACCESS_COOKIE = 'or3_ba_access'
export const REFRESH_COOKIE = 'or3_ba_refresh'
/** The refresh token only travels to basic-auth's own routes, never to the rest of the app. */
export const REFRESH_COOKIE_PATH = BASIC_AUTH_BASE_PATH

export function readAccessToken(event: H3Event): string | undefined {
  return getCookie(event, ACCESS_COOKIE) || undefined
}

export function readRefreshToken(event: H3Event): string | undefined {
  return getCookie(event, REFRESH_COOKIE) || undefined
}

/** Both tokens the browser sent, to name its current session (sign-out, or replacing it at sign-in). */
export function readSessionTokens(event: H3Event): { accessToken?: string; refreshToken?: string } {
  return { accessToken: readAccessToken(event), refreshToken: readRefreshToken(event) }
}

type CookiePolicy = Pick<BasicAuthSettings, 'cookieSecure' | 'trustProxy'>

/**
 * `Secure` whenever the request came over HTTPS (a TLS socket, or `X-Forwarded-Proto: https` from
 * a trusted proxy), and otherwise as `OR3_COOKIE_SECURE` says (on in production by default).
 */
export function secureCookies(event: H3Event, policy: CookiePolicy): boolean {
  return isHttpsRequest(event, policy) || policy.cookieSecure
}

export function setSessionCookies(event: H3Event, session: SignedInSession, policy: CookiePolicy, now: number): void {
  const secure = secureCookies(event, policy)
  const base = { httpOnly: true, sameSite: 'lax', secure } as const
  const accessMaxAge = Math.max(1, Math.floor((session.accessExpiresAt - now) / 1000))
  setCookie(event, ACCESS_COOKIE, session.accessToken, { ...base, path: '/', maxAge: accessMaxAge })
  const refreshExpiresAt = session.refresh?.expiresAt ?? now + REFRESH_TOKEN_TTL_MS
  if (session.refresh) {
    setCookie(event, REFRESH_COOKIE, session.refresh.token, {
      ...base,
      path: REFRESH_COOKIE_PATH,
      maxAge: Math.floor((refreshExpiresAt - now) / 1000),
    })
  }
  setCookie(event, SESSION_EXPIRY_COOKIE, String(session.accessExpiresAt), {
    httpOnly: false,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: Math.floor((refreshExpiresAt - now) / 1000),
  })
}

export function clearSessionCookies(event: H3Event, policy: CookiePolicy): void {
  const secure = secureCookies(event, policy)
  const base = { httpOnly: true, sameSite: 'lax', secure } as const
  deleteCookie(event, ACCESS_COOKIE, { ...base, path: '/' })
  deleteCookie(event, REFRESH_COOKIE, { ...base, path: REFRESH_COOKIE_PATH })
  deleteCookie(event, SESSION_EXPIRY_COOKIE, { sameSite: 'lax', secure, path: '/' })
}
