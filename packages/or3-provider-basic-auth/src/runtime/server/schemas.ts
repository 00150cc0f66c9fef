import { z } from 'zod'
import { MAX_PASSWORD_LENGTH } from './settings'
import { passwordProblem } from './passwords'
import { normalizeEmail } from './email'

export const emailSchema = z
  .string({ error: 'Enter your email address' })
  .max(320, 'Email address is too long')
  .transform(normalizeEmail)
  .pipe(z.email('Enter a valid email address').max(254, 'Email address is too long'))

const displayNameSchema = z
  .string()
  .transform((value) => value.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .max(80, 'Display name is at most 80 characters')
      // Control characters would let a name spoof lines in the UI or in logs.
      .regex(/^\P{Cc}*$/u, 'Display name may not contain control characters'),
  )
  .transform((value) => (value === '' ? undefined : value))

/**
 * A password being checked, not chosen: no policy hints, just a bound in UTF-16 units wide
 * enough for any password the policy (counted in code points) accepts.
 */
const presentedPasswordSchema = z
  .string({ error: 'Enter your password' })
  .min(1, 'Enter your password')
  .max(MAX_PASSWORD_LENGTH * 2, 'Password is too long')

function newPasswordSchema(minLength: number) {
  return z.string({ error: 'Choose a password' }).superRefine((value, ctx) => {
    const problem = passwordProblem(value, minLength)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
}

export function registerRequestSchema(minPasswordLength: number) {
  return z
    .object({
      email: emailSchema,
      password: newPasswordSchema(minPasswordLength),
      displayName: displayNameSchema.optional(),
    })
    .strict()
}
export type RegisterRequest = z.output<ReturnType<typeof registerRequestSchema>>

export const signInRequestSchema = z.object({ email: emailSchema, password: presentedPasswordSchema }).strict()
export type SignInRequest = z.output<typeof signInRequestSchema>

export function changePasswordRequestSchema(minPasswordLength: number) {
  return z
    .object({ currentPassword: presentedPasswordSchema, newPassword: newPasswordSchema(minPasswordLength) })
    .strict()
    .refine((v) => v.currentPassword !== v.newPassword, {
      message: 'Choose a password different from the current one',
      path: ['newPassword'],
    })
}
export type ChangePasswordRequest = z.output<ReturnType<typeof changePasswordRequestSchema>>

/** Reset tokens are 43 base64url characters (see tokens.ts). */
export function resetPasswordRequestSchema(minPasswordLength: number) {
  return z
    .object({
      token: z.string({ error: 'This reset link is incomplete' }).regex(/^[\w-]{20,128}$/, 'This reset link is incomplete'),
      newPassword: newPasswordSchema(minPasswordLength),
    })
    .strict()
}
export type ResetPasswordRequest = z.output<ReturnType<typeof resetPasswordRequestSchema>>
