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

/**
 * How browsers reach a backend: `gateway` through core's /api routes (the default), `direct`
 * through the provider's own client, which its client plugin registers under the provider id.
 * A provider declares it on its server adapter (`clientMode`).
 */
export const clientModeSchema = z.enum(['gateway', 'direct'])
export type ClientMode = z.infer<typeof clientModeSchema>

const backendSurfaceSchema = z.object({
  enabled: z.boolean(),
  /** The provider id; null when the surface is off. */
  provider: z.string().nullable(),
  /** null when the surface is off. */
  mode: clientModeSchema.nullable(),
})

/** What this server runs, so the client uses only what is there (and the right client for it). */
export const serverSurfacesSchema = z.object({
  auth: z.object({ provider: z.string().nullable() }),
  sync: backendSurfaceSchema,
  storage: backendSurfaceSchema,
  /** `POST /api/chat/stream` accepts `background`; otherwise clients stream in the foreground. */
  backgroundGeneration: z.object({ enabled: z.boolean() }),
  /** The server writes notification rows (e.g. a background answer finished). */
  notifications: z.object({ enabled: z.boolean() }),
})
export type ServerSurfaces = z.infer<typeof serverSurfacesSchema>

/** Limits the server enforces that a client should respect before it sends. */
export const clientLimitsSchema = z.object({
  /** Largest JSON request body (a chat request with its attachments included), in bytes. */
  maxRequestBytes: z.number().int().positive(),
  /** Messages one chat request may carry. */
  maxChatMessages: z.number().int().positive(),
  /** Content parts of one chat message. */
  maxContentParts: z.number().int().positive(),
  /** Largest attachment the server stores, in bytes. */
  maxAttachmentBytes: z.number().int().positive(),
  /** Attachment media types the server stores (`image/*` style patterns allowed). */
  allowedAttachmentTypes: z.array(z.string()),
  /** The context window (tokens) to assume for a model whose size the upstream does not list. */
  defaultContextTokens: z.number().int().positive(),
})
export type ClientLimits = z.infer<typeof clientLimitsSchema>

/** `GET /api/auth/session`. */
export const sessionResponseSchema = z.object({
  authenticated: z.boolean(),
  /** false in local-only mode: the app runs on the device with no account. */
  cloudEnabled: z.boolean(),
  /** Same as `surfaces.auth.provider` (kept for auth UIs that read it). */
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
  surfaces: serverSurfacesSchema,
  limits: clientLimitsSchema,
})
export type SessionResponse = z.infer<typeof sessionResponseSchema>
