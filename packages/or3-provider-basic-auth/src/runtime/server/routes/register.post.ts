import { setResponseStatus } from 'h3'
import { readSessionTokens, setSessionCookies } from '../cookies'
import { defineBasicAuthRoute, readValidBody } from '../define-route'
import { clientIp } from '../request-guards'
import { registerRequestSchema } from '../schemas'
import { toSignedInResponse } from '../signed-in-response'

/** `POST /api/basic-auth/register {email, password, displayName?}` → 201, signed in. */
export default defineBasicAuthRoute(async (event, auth) => {
  const input = await readValidBody(event, registerRequestSchema(auth.settings.minPasswordLength))
  const previous = readSessionTokens(event)
  const session = await auth.service.register(input, { ip: clientIp(event, auth.settings.trustProxy) })
  // The browser's earlier session is replaced by this one: end it rather than leave it live.
  await auth.service.signOut(previous)
  setSessionCookies(event, session, auth.settings.cookieSecure, auth.now())
  setResponseStatus(event, 201)
  return toSignedInResponse(session)
})
