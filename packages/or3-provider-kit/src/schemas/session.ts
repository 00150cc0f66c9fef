import { z } from 'zod'
import { workspaceRoleSchema } from './common.ts'

/** What an AuthProvider says about the caller, before any workspace mapping. */
export const providerSessionSchema = z.object({
  provider: z.string().min(1),
  providerUserId: z.string().min(1),
  email: z.string().optional(),
  displayName: z.string().optional(),
  /**
   * Whether the provider verified that the user controls `email`. Invitations match a user by
   * email only when it is true; a provider that does not verify emails says false.
   */
  emailVerified: z.boolean().optional(),
  /** ISO 8601. */
  expiresAt: z.string(),
})
export type ProviderSession = z.infer<typeof providerSessionSchema>

/** `GET /api/auth/session`. */
export const sessionResponseSchema = z.object({
  authenticated: z.boolean(),
  /** false in local-only mode: the app runs on the device with no account. */
  cloudEnabled: z.boolean(),
  authProvider: z.string().nullable(),
  user: z
    .object({
      id: z.string(),
      email: z.string().optional(),
      displayName: z.string().optional(),
      isAdmin: z.boolean(),
    })
    .nullable(),
  workspace: z
    .object({
      id: z.string(),
      name: z.string(),
      role: workspaceRoleSchema,
    })
    .nullable(),
  expiresAt: z.string().nullable(),
})
export type SessionResponse = z.infer<typeof sessionResponseSchema>
