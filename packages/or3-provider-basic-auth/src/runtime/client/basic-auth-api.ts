import { createJsonClient } from 'or3-provider-kit'
import { BASIC_AUTH_PATHS, type SignedInResponse } from '../shared/wire'

const http = createJsonClient()

/**
 * The basic-auth routes, called from the browser with the kit's client (same origin, cookies
 * included): a refusal is a ProviderError with the server's sentence and field errors.
 */
export const basicAuthApi = {
  signIn: (body: { email: string; password: string }) => http.request(BASIC_AUTH_PATHS.signIn, { body }) as Promise<SignedInResponse>,
  register: (body: { email: string; password: string; displayName?: string }) =>
    http.request(BASIC_AUTH_PATHS.register, { body }) as Promise<SignedInResponse>,
  signOut: () => http.request(BASIC_AUTH_PATHS.signOut, { method: 'POST' }),
  // Bounded: the app waits for a due refresh before it starts.
  refresh: () => http.request(BASIC_AUTH_PATHS.refresh, { method: 'POST', timeoutMs: 10_000 }) as Promise<SignedInResponse>,
  changePassword: (body: { currentPassword: string; newPassword: string }) => http.request(BASIC_AUTH_PATHS.changePassword, { body }),
  resetPassword: (body: { token: string; newPassword: string }) => http.request(BASIC_AUTH_PATHS.resetPassword, { body }),
}
