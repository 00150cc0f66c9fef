import type { TestClock } from 'or3-provider-kit/testing'
import { uniqueId } from 'or3-provider-kit/testing'
import type { Actor, UserActor } from './actors'

/** A deployment running the templates, reached one way or another (in-process, HTTP double, live). */
export interface TemplateBackend {
  readonly kind: 'in-process' | 'http-double' | 'live'
  /** The functions' clock, when the backend lets a test move it. */
  readonly clock: TestClock | null
  /** A caller with a valid token for `claims` (not registered until it calls `users:getOrCreate`). */
  tokenHolder(claims: UserClaims): Actor
  readonly anonymous: Actor
  /** The OR3 server's own identity. */
  readonly server: Actor
  /** An internal function (maintenance), as the deployment's crons run it. */
  runInternal<T = unknown>(path: string, args?: Record<string, unknown>): Promise<T>
  /** Sends bytes to an upload URL as a device would; answers the `storageId` it returns. */
  upload(presigned: { url: string; method: string; headers: Record<string, string> }, bytes: Uint8Array): Promise<string>
  /** The bytes behind a download URL, or null when it answers 404. */
  download(url: string): Promise<Uint8Array | null>
  /**
   * Subscribes, as the OR3 server over the websocket, to `sync:latestVersion` of a workspace.
   * Only where a websocket is served.
   */
  subscribeLatestVersion?(workspaceId: string, onVersion: (version: number) => void): () => void
  close(): Promise<void>
}

export type UserClaims = {
  sub: string
  email?: string
  email_verified?: boolean
  name?: string
}

/** The deployment settings the tests run with (`admin:configure`). */
export const TEST_SETTINGS = {
  syncRetentionMs: 7 * 24 * 60 * 60 * 1000,
  workspaceRetentionMs: 30 * 24 * 60 * 60 * 1000,
  uploadGraceMs: 60 * 60 * 1000,
  maxFileBytes: 1024,
  allowedMimeTypes: ['text/plain', 'image/png'],
  jobRetentionMs: 24 * 60 * 60 * 1000,
  jobTimeoutMs: 60 * 60 * 1000,
}

/**
 * How far past a retention or grace boundary tests move the clock. convex-test orders commits by
 * giving a transaction at least 1 ms more than the last commit while the clock stands still, so
 * "one millisecond past" can still be inside the boundary.
 */
export const PAST = 1000

export async function configure(backend: TemplateBackend, overrides: Partial<typeof TEST_SETTINGS> = {}): Promise<void> {
  await backend.server.mutation('admin:configure', { ...TEST_SETTINGS, ...overrides })
}

/** Signs a new user up: registration, then the personal workspace, as OR3's session does. */
export async function signUp(
  backend: TemplateBackend,
  options: { name?: string; emailVerified?: boolean } = {},
): Promise<UserActor> {
  const sub = uniqueId(options.name ?? 'user')
  const email = `${sub}@example.test`
  const actor = backend.tokenHolder({ sub, email, email_verified: options.emailVerified ?? true, name: options.name ?? sub })
  const { user } = await actor.mutation<{ user: { id: string } }>('users:getOrCreate')
  const personal = await actor.mutation<{ id: string }>('workspaces:ensurePersonal')
  return Object.assign(actor, { id: user.id, email, personalWorkspaceId: personal.id })
}
