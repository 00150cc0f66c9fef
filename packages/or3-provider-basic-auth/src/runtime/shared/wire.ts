/**
 * What the basic-auth routes and the browser agree on: paths, cookie names readable by the
 * client, and response bodies. Isomorphic: no server imports.
 */
export const BASIC_AUTH_PROVIDER_ID = 'basic-auth'

export const BASIC_AUTH_BASE_PATH = '/api/basic-auth'

export const BASIC_AUTH_PATHS = {
  register: `${BASIC_AUTH_BASE_PATH}/register`,
  signIn: `${BASIC_AUTH_BASE_PATH}/sign-in`,
  signOut: `${BASIC_AUTH_BASE_PATH}/sign-out`,
  refresh: `${BASIC_AUTH_BASE_PATH}/refresh`,
  changePassword: `${BASIC_AUTH_BASE_PATH}/change-password`,
  resetPassword: `${BASIC_AUTH_BASE_PATH}/reset-password`,
} as const

/** The page a password-reset link opens; the token follows in the fragment (`#token=…`). */
export const BASIC_AUTH_RESET_PAGE = '/reset-password'

/**
 * Not HttpOnly, and not secret: the access token's expiry (ms since the epoch), so the browser
 * knows when to refresh without ever seeing a token. Absent when signed out.
 */
export const SESSION_EXPIRY_COOKIE = 'or3_ba_expires'

export interface BasicAuthUser {
  id: string
  email: string
  displayName?: string
}

/** Body of a successful register, sign-in or refresh. */
export interface SignedInResponse {
  user: BasicAuthUser
  /** When the access token expires (ISO 8601); refresh before then. */
  expiresAt: string
}
