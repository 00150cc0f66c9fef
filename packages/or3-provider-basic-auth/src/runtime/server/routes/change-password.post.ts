import { readAccessToken } from '../cookies'
import { defineBasicAuthRoute, readValidBody } from '../define-route'
import { changePasswordRequestSchema } from '../schemas'

/** `POST /api/basic-auth/change-password {currentPassword, newPassword}`: keeps this session, revokes the others. */
export default defineBasicAuthRoute(async (event, auth) => {
  const input = await readValidBody(event, changePasswordRequestSchema(auth.settings.minPasswordLength))
  await auth.service.changePassword(readAccessToken(event), input)
  return { changed: true }
})
