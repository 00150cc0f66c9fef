import { isProviderError } from 'or3-provider-kit'
import { clearSessionCookies, readRefreshToken, setSessionCookies } from '../cookies'
import { defineBasicAuthRoute } from '../define-route'
import { toSignedInResponse } from '../signed-in-response'

/** `POST /api/basic-auth/refresh` → 200 with rotated cookies; 401 (cookies cleared) when the session has ended. */
export default defineBasicAuthRoute(async (event, auth) => {
  try {
    const session = await auth.service.refresh(readRefreshToken(event))
    setSessionCookies(event, session, auth.settings, auth.now())
    return toSignedInResponse(session)
  } catch (error) {
    if (isProviderError(error) && error.code === 'UNAUTHENTICATED') clearSessionCookies(event, auth.settings)
    throw error
  }
})
