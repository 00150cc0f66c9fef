import { clearSessionCookies, readSessionTokens } from '../cookies'
import { defineBasicAuthRoute } from '../define-route'

/** `POST /api/basic-auth/sign-out` → 200; revokes the caller's session at once. Idempotent. */
export default defineBasicAuthRoute(async (event, auth) => {
  await auth.service.signOut(readSessionTokens(event))
  clearSessionCookies(event, auth.settings)
  return { signedOut: true }
})
