import { setResponseStatus } from 'h3'
import { readSessionTokens, setSessionCookies } from '../cookies'
import { defineBasicAuthRoute, readValidBody } from '../define-route'
import { clientAddress } from 'or3-provider-kit/server'
import { registerRequestSchema } from '../schemas'
import { toSignedInResponse } from '../signed-in-response'

/** `POST /api/basic-auth/register {email, password, displayName?}` → 201, signed in. */
export default defineBasicAuthRoute(async (event, auth) => {
  const input = await readValidBody(event, registerRequestSchema(auth.settings.minPasswordLength))
  const previous = readSessionTokens(event)
  const session = await auth.service.register(input, { ip: clientAddress(event, auth.settings) })
  // The browser's earlier session is replaced by this one: end it rather than leave it live.
  await auth.service.signOut(previous)
  setSessionCookies(event, session, auth.settings, auth.now())
  setResponseStatus(event, 201)
  return toSignedInResponse(session)
})
