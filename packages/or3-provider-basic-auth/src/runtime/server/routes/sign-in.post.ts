import { readSessionTokens, setSessionCookies } from '../cookies'
import { defineBasicAuthRoute, readValidBody } from '../define-route'
import { clientAddress } from 'or3-provider-kit/server'
import { signInRequestSchema } from '../schemas'
import { toSignedInResponse } from '../signed-in-response'

/** `POST /api/basic-auth/sign-in {email, password}` → 200, signed in; 401 with one generic message otherwise. */
export default defineBasicAuthRoute(async (event, auth) => {
  const input = await readValidBody(event, signInRequestSchema)
  const previous = readSessionTokens(event)
  const session = await auth.service.signIn(input, { ip: clientAddress(event, auth.settings) })
  // The browser's earlier session is replaced by this one: end it rather than leave it live.
  await auth.service.signOut(previous)
  setSessionCookies(event, session, auth.settings, auth.now())
  return toSignedInResponse(session)
})
