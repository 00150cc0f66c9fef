import type { H3Event } from 'h3'
import type { ClientMode, ProviderSession } from '../schemas/session.ts'
import type { WorkspaceRole } from '../schemas/common.ts'
import type { InvitationStatus } from '../schemas/workspaces.ts'
import type {
  GcResponse,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  SnapshotRequest,
  SnapshotResponse,
  UpdateCursorRequest,
  UpdateCursorResponse,
} from '../schemas/sync.ts'
import type {
  CommitRequest,
  CommitResponse,
  PresignDownloadRequest,
  PresignDownloadResponse,
  PresignUploadRequest,
  PresignUploadResponse,
  StorageGcResponse,
} from '../schemas/storage.ts'
import type { JobStatus, JobUsage } from '../schemas/jobs.ts'

// ---------------------------------------------------------------- auth

/** Who is calling, as the sign-in provider sees it. `null` means signed out. */
export interface AuthProvider {
  readonly id: string
  getSession(event: H3Event): Promise<ProviderSession | null>
  /**
   * Account management for the deployment admin, for providers that keep their own accounts
   * (basic-auth). Absent when accounts live elsewhere (Clerk's dashboard): the admin page says so.
   */
  readonly users?: AuthUserAdmin
}

/** One account as the admin page lists it. Never a password hash or a token. */
export interface AuthUserSummary {
  providerUserId: string
  email: string | null
  displayName: string | null
  /** ISO 8601. */
  createdAt: string
  disabled: boolean
}

/**
 * Optional account management of an auth provider. Ids are the provider's (`providerUserId`).
 * A disabled account cannot sign in and its sessions stop working at once; deleting removes the
 * account and ends its sessions. Unknown ids are NOT_FOUND.
 */
export interface AuthUserAdmin {
  /** Accounts whose email or display name contains `query` (case-insensitive), newest first. */
  listUsers(request: { query?: string; limit: number }): Promise<AuthUserSummary[]>
  setDisabled(providerUserId: string, disabled: boolean): Promise<void>
  deleteUser(providerUserId: string): Promise<void>
  /**
   * A single-use link that lets the account's owner set a new password, for providers with
   * passwords. The path is same-origin (`/…`); its token is secret and shown to the admin once.
   */
  createPasswordResetLink?(providerUserId: string): Promise<{ path: string; expiresAt: string }>
}

/**
 * Mints a token for another provider on behalf of the signed-in caller, e.g. Clerk minting the
 * JWT that Convex verifies. Providers that have nothing to mint answer `null`. Core runs every
 * request's provider calls inside the request caller (`runWithCaller` in `or3-provider-kit/server`),
 * whose `getToken` is this broker for that request: a provider that authorizes by itself reads it
 * with `currentCaller()` and acts as the user. Tokens should be short-lived and unique per mint
 * (a client renewing its token must get a different one).
 */
export interface ProviderTokenBroker {
  readonly id: string
  getToken(event: H3Event, request: { providerId: string; template?: string }): Promise<string | null>
}

// ---------------------------------------------------------------- workspaces

export interface ProviderIdentity {
  provider: string
  providerUserId: string
  email?: string
  displayName?: string
  /**
   * Whether the sign-in provider has verified that the user controls `email`. Only a verified
   * email may match invitations; absent means not verified.
   */
  emailVerified?: boolean
}

export interface UserRecord {
  id: string
  email?: string
  displayName?: string
  /** The deployment admin: the first account a deployment creates. */
  isAdmin: boolean
  createdAt: number
}

export interface WorkspaceRecord {
  id: string
  name: string
  description: string | null
  ownerUserId: string
  isPersonal: boolean
  createdAt: number
  updatedAt: number
}

export interface MembershipRecord extends WorkspaceRecord {
  role: WorkspaceRole
}

export interface MemberRecord {
  userId: string
  email?: string
  displayName?: string
  role: WorkspaceRole
}

export interface InvitationRecord {
  id: string
  workspaceId: string
  workspaceName: string
  /** Normalized: trimmed, lower case. */
  email: string
  role: WorkspaceRole
  invitedByUserId: string
  /** The inviter's display name (or email) as it is now; null when the store has neither. */
  invitedByName: string | null
  createdAt: number
  expiresAt: number
  /** `expired` is derived: a pending invitation whose `expiresAt` has passed (by the store's clock). */
  status: InvitationStatus
}

export interface CreateInvitationInput {
  workspaceId: string
  /** Compared and stored normalized (trimmed, lower case). */
  email: string
  role: WorkspaceRole
  invitedByUserId: string
  /** SHA-256 of the invite link's token (`hashInvitationToken`); the token itself is never stored. */
  tokenHash: string
  /** ms since the epoch; must be in the future. */
  expiresAt: number
}

/** Who answers an invitation: the signed-in user, with the email their sign-in provider reports now. */
export interface Invitee {
  userId: string
  email?: string
  emailVerified?: boolean
}

/**
 * Which invitation a user answers: by the invite link's token (whoever holds the link), or by id
 * (only when the invitee's email is verified and is the invited one).
 */
export type InvitationRef = { tokenHash: string } | { invitationId: string }

/**
 * Users, workspaces, memberships and invitations. Core authorizes; the store records, and keeps
 * these invariants whoever calls it (every provider's suite checks them):
 * - a personal workspace is never removed, and its owner is never removed or demoted;
 * - a workspace always keeps at least one owner;
 * - a user has exactly one personal workspace;
 * - nobody becomes a member without accepting an invitation (creating a workspace aside);
 * - an invitation turns into a membership at most once, and never after it expired, was revoked
 *   or declined, or its inviter stopped being an owner of the workspace.
 * Refusals are ProviderError CONFLICT with a sentence the user can act on. Every method must be
 * safe under concurrent callers: two first requests of a new user create one user.
 */
export interface WorkspaceStore {
  readonly id: string
  /**
   * Maps a provider identity to an OR3 user, creating it (race-free) on first sight. A known
   * identity whose email and name are unchanged is resolved by reads alone, so a store that
   * cannot write (full disk) still signs known users in.
   */
  getOrCreateUser(identity: ProviderIdentity): Promise<{ user: UserRecord; created: boolean }>
  /**
   * The user's one personal workspace, created with the user as owner when missing (and the
   * owner's membership restored if an older release let it be lost). Reads only when it exists.
   */
  ensurePersonalWorkspace(userId: string): Promise<MembershipRecord>
  /** Workspaces the user is a member of, oldest first. Removed workspaces are not listed. */
  listWorkspaces(userId: string): Promise<MembershipRecord[]>
  createWorkspace(userId: string, input: { name: string; description?: string }): Promise<MembershipRecord>
  updateWorkspace(
    workspaceId: string,
    patch: { name?: string; description?: string | null },
  ): Promise<WorkspaceRecord>
  /**
   * Members lose access at once; the workspace's data is kept until retention GC. CONFLICT for a
   * personal workspace.
   */
  removeWorkspace(workspaceId: string): Promise<void>
  /** `null` when the user is not a member or the workspace is gone. */
  getRole(userId: string, workspaceId: string): Promise<WorkspaceRole | null>
  /**
   * Changes (`role`) or removes (`null`) an existing membership: NOT_FOUND for a non-member
   * (members join by invitation). CONFLICT when it would demote or remove a personal workspace's
   * owner, or leave the workspace without an owner.
   */
  setMemberRole(workspaceId: string, userId: string, role: WorkspaceRole | null): Promise<void>
  /** Members of a live workspace, oldest first. NOT_FOUND for an unknown or removed workspace. */
  listMembers(workspaceId: string): Promise<MemberRecord[]>
  getActiveWorkspaceId(userId: string): Promise<string | null>
  setActiveWorkspaceId(userId: string, workspaceId: string): Promise<void>

  /**
   * Records a pending invitation of a live workspace (NOT_FOUND otherwise). An earlier pending
   * invitation of the same email to the same workspace is revoked: one link per person.
   */
  createInvitation(input: CreateInvitationInput): Promise<InvitationRecord>
  /** Invitations of a live workspace nobody answered yet (pending or expired), oldest first. */
  listInvitations(workspaceId: string): Promise<InvitationRecord[]>
  /**
   * Pending, unexpired invitations of live workspaces to the invitee's email, oldest first; empty
   * unless that email is verified.
   */
  listInvitationsFor(invitee: Invitee): Promise<InvitationRecord[]>
  /** The invitation an invite link names, whatever its status; null when there is none. */
  findInvitationByTokenHash(tokenHash: string): Promise<InvitationRecord | null>
  /**
   * Atomically turns a pending, unexpired invitation into a membership (keeping a higher role the
   * invitee already has) and marks it accepted. NOT_FOUND when the reference names no invitation
   * for this invitee or its workspace is gone; CONFLICT when it was already answered, revoked,
   * has expired, or its inviter is no longer an owner.
   */
  acceptInvitation(ref: InvitationRef, invitee: Invitee): Promise<MembershipRecord>
  /**
   * Marks a pending, unexpired invitation declined. NOT_FOUND as for accepting; CONFLICT when it
   * was already answered, revoked, or has expired.
   */
  declineInvitation(ref: InvitationRef, invitee: Invitee): Promise<void>
  /**
   * Withdraws an unanswered invitation of `workspaceId` (NOT_FOUND for one of another workspace);
   * revoking it again changes nothing; CONFLICT once it was accepted or declined.
   */
  revokeInvitation(workspaceId: string, invitationId: string): Promise<void>
}

// ---------------------------------------------------------------- sync

/**
 * Who asks: core has already authorized `userId` for `workspaceId`. Every call made for a request
 * runs inside its request caller (`currentCaller()`), so a backend that authorizes by itself can
 * act as that user with the token the auth provider's broker mints; with no caller (work outside
 * a request, or `runAsServer`) it is the server's own work. The same holds for every contract.
 */
export interface SyncCallContext {
  userId: string
}

export interface SyncGatewayAdapter {
  readonly id: string
  /** How devices sync with this backend; `gateway` when absent (see ClientMode). */
  readonly clientMode?: ClientMode
  push(ctx: SyncCallContext, request: PushRequest): Promise<PushResponse>
  pull(ctx: SyncCallContext, request: PullRequest): Promise<PullResponse>
  snapshot(ctx: SyncCallContext, request: SnapshotRequest): Promise<SnapshotResponse>
  updateCursor(ctx: SyncCallContext, request: UpdateCursorRequest): Promise<UpdateCursorResponse>
  /** Removes change-log rows below the lowest active device cursor and older than retention. */
  gcChangeLog?(ctx: SyncCallContext, request: { scope: { workspaceId: string } }): Promise<GcResponse>
  /** Removes tombstones older than retention. */
  gcTombstones?(ctx: SyncCallContext, request: { scope: { workspaceId: string } }): Promise<GcResponse>
  /**
   * Cross-instance change notifications: calls `listener` with each new latest version of the
   * workspace. Returns the unsubscribe function.
   */
  watch?(workspaceId: string, listener: (serverVersion: number) => void): () => void
}

// ---------------------------------------------------------------- storage

export interface StorageCallContext {
  userId: string
}

export interface StorageGcContext extends StorageCallContext {
  /** Live `file_meta` references of the workspace: GC never removes these. */
  isReferenced(hash: string): Promise<boolean>
}

export interface StorageGatewayAdapter {
  readonly id: string
  /** How devices move attachment bytes; `gateway` when absent (see ClientMode). */
  readonly clientMode?: ClientMode
  presignUpload(ctx: StorageCallContext, request: PresignUploadRequest): Promise<PresignUploadResponse>
  presignDownload(ctx: StorageCallContext, request: PresignDownloadRequest): Promise<PresignDownloadResponse>
  /**
   * Records an uploaded blob. NOT_FOUND when the bytes never arrived; VALIDATION when they do not
   * match the claimed hash and size (unless the upload already refused them); idempotent
   * otherwise. `request.receipt` is what the upload answered, passed through by the client.
   */
  commit(ctx: StorageCallContext, request: CommitRequest): Promise<CommitResponse>
  /** Removes uploads never committed past a grace period, and unreferenced committed blobs. */
  gc?(ctx: StorageGcContext, request: { workspaceId: string }): Promise<StorageGcResponse>
}

// ---------------------------------------------------------------- limits

export interface RateLimitDecision {
  allowed: boolean
  remaining: number
  /** ms since the epoch when the window resets. */
  resetAt: number
}

export interface RateLimitStore {
  readonly id: string
  /** Counts one hit against `key` and decides, atomically: concurrent callers never overshoot `limit`. */
  consume(key: string, options: { windowMs: number; limit: number }): Promise<RateLimitDecision>
}

// ---------------------------------------------------------------- background jobs

export interface JobRecord {
  id: string
  userId: string
  workspaceId: string | null
  threadId: string
  messageId: string
  status: JobStatus
  /** Length of the output so far, in UTF-16 code units (the unit of offsets). */
  length: number
  error: string | null
  /** Tokens the answer cost, when the upstream reported them; null until completed with usage. */
  usage: JobUsage | null
  createdAt: number
  updatedAt: number
}

export interface JobRead {
  job: JobRecord
  /** Output from the requested offset on. */
  content: string
  /** The offset to read from next. */
  offset: number
}

export interface CreateJobInput {
  userId: string
  workspaceId?: string | null
  threadId: string
  messageId: string
}

/** Caps on running jobs that `create` checks and applies in the same atomic step as the insert. */
export interface JobAdmission {
  /** At most this many running jobs of `input.userId`, this one included. */
  maxRunningPerUser?: number
  /** At most this many running jobs in the whole store, this one included. */
  maxRunningTotal?: number
}

/**
 * Output of a background generation. Appends after the job ended fail with CONFLICT, so an
 * aborted job can't grow and a finished message is written once.
 */
export interface BackgroundJobStore {
  readonly id: string
  /**
   * Creates a running job. With `admission`, refuses with RATE_LIMITED (and a `retryAfterSeconds`)
   * when the job would exceed a cap, counting and inserting atomically: concurrent creates from
   * any number of server instances never admit more than the cap.
   */
  create(input: CreateJobInput, admission?: JobAdmission): Promise<JobRecord>
  append(jobId: string, chunk: string): Promise<{ length: number }>
  /** Ends a running job as completed, keeping the answer's token usage when there is one. */
  complete(jobId: string, usage?: JobUsage | null): Promise<JobRecord>
  fail(jobId: string, message: string): Promise<JobRecord>
  /** Marks a running job aborted. Returns false when it had already ended. */
  abort(jobId: string): Promise<boolean>
  /** `null` for an unknown (or cleaned up) job. */
  read(jobId: string, offset: number): Promise<JobRead | null>
  countRunning(userId?: string): Promise<number>
  /**
   * Removes ended jobs older than `olderThanMs` and fails running ones older than `timeoutMs`.
   * Returns how many jobs it removed or failed.
   */
  cleanupExpired(options: { olderThanMs: number; timeoutMs?: number }): Promise<number>
}

// ---------------------------------------------------------------- notifications, admin

export interface NotificationInput {
  workspaceId: string
  userId: string
  type: string
  title: string
  body?: string
  threadId?: string
}

/** Server-side notifications that reach devices through sync (a `notifications` row). */
export interface NotificationEmitter {
  readonly id: string
  emit(notification: NotificationInput): Promise<{ id: string }>
}

export interface ProviderStatus {
  id: string
  kind: string
  configured: boolean
  healthy: boolean
  warnings: string[]
  details?: Record<string, string | number | boolean>
}

export interface ProviderAdminAdapter {
  readonly id: string
  getStatus(): Promise<ProviderStatus>
}
