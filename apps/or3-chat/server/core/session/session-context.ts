import type { UserRecord, WorkspaceRole } from 'or3-provider-kit'

/** The signed-in caller as core sees it: provider identity mapped to an OR3 user. */
export interface Or3Session {
  provider: string
  providerUserId: string
  user: UserRecord
  /** Whether the auth provider verified `user.email`; only then may invitations match it. */
  emailVerified: boolean
  /** ISO 8601, from the auth provider. */
  expiresAt: string
  personalWorkspaceId: string
  activeWorkspaceId: string
}

declare module 'h3' {
  interface H3EventContext {
    /** Per-request cache: resolved at most once per request. */
    or3Session?: Promise<Or3Session | null>
    or3Roles?: Map<string, Promise<WorkspaceRole | null>>
  }
}
