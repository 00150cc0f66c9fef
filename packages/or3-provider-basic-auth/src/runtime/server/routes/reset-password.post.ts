import { defineBasicAuthRoute, readValidBody } from '../define-route'
import { clientAddress } from 'or3-provider-kit/server'
import { resetPasswordRequestSchema } from '../schemas'

/** `POST /api/basic-auth/reset-password {token, newPassword}`: a reset link's one use; every session ends. */
export default defineBasicAuthRoute(async (event, auth) => {
  const input = await readValidBody(event, resetPasswordRequestSchema(auth.settings.minPasswordLength))
  await auth.service.resetPassword(input, { ip: clientAddress(event, auth.settings) })
  return { reset: true }
})
