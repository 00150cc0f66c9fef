import type { Component } from 'vue'
import type {
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
} from '../schemas/storage.ts'
import type { WorkspaceRole } from '../schemas/common.ts'
import type {
  CreateInvitationRequest,
  CreateInvitationResponse,
  CreateWorkspaceRequest,
  InvitationSummary,
  ListWorkspacesResponse,
  MemberSummary,
  RespondToInvitationRequest,
  UpdateWorkspaceRequest,
  WorkspaceSummary,
} from '../schemas/workspaces.ts'

/**
 * How a device talks to a sync backend. Core ships the gateway provider (through /api/sync/*);
 * a provider may add a direct one (e.g. Convex's realtime client with a brokered token).
 */
export interface SyncProvider {
  readonly id: string
  readonly mode: 'gateway' | 'direct'
  push(request: PushRequest): Promise<PushResponse>
  pull(request: PullRequest): Promise<PullResponse>
  snapshot(request: SnapshotRequest): Promise<SnapshotResponse>
  updateCursor(request: UpdateCursorRequest): Promise<UpdateCursorResponse>
  /** Calls `onVersion` with each new server version; `onDown` when the channel drops. */
  subscribe?(
    scope: { workspaceId: string },
    handlers: { onVersion(serverVersion: number): void; onDown?(error?: unknown): void },
  ): () => void
  dispose?(): void
}

export interface ObjectStorageProvider {
  readonly id: string
  presignUpload(request: PresignUploadRequest): Promise<PresignUploadResponse>
  presignDownload(request: PresignDownloadRequest): Promise<PresignDownloadResponse>
  commit(request: CommitRequest): Promise<CommitResponse>
}

export interface WorkspaceApi {
  list(): Promise<ListWorkspacesResponse>
  create(input: CreateWorkspaceRequest): Promise<WorkspaceSummary>
  update(workspaceId: string, patch: UpdateWorkspaceRequest): Promise<WorkspaceSummary>
  remove(workspaceId: string): Promise<void>
  setActive(workspaceId: string): Promise<void>

  listMembers(workspaceId: string): Promise<MemberSummary[]>
  /** Answers with the members after the change. */
  setMemberRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<MemberSummary[]>
  removeMember(workspaceId: string, userId: string): Promise<MemberSummary[]>

  /** The invite link's path is in the answer once; only its hash is kept on the server. */
  invite(workspaceId: string, input: CreateInvitationRequest): Promise<CreateInvitationResponse>
  /** Unanswered invitations of a workspace (pending or expired). */
  listInvitations(workspaceId: string): Promise<InvitationSummary[]>
  /** Answers with the unanswered invitations after the revocation. */
  revokeInvitation(workspaceId: string, invitationId: string): Promise<InvitationSummary[]>

  /** Invitations to the signed-in user's email, when their sign-in provider verified it. */
  listMyInvitations(): Promise<InvitationSummary[]>
  /** What an invite link's token offers. */
  previewInvitation(token: string): Promise<InvitationSummary>
  acceptInvitation(ref: RespondToInvitationRequest): Promise<WorkspaceSummary>
  declineInvitation(ref: RespondToInvitationRequest): Promise<void>
}

/** Components an auth provider contributes; core renders them without importing them. */
export interface AuthUi {
  readonly id: string
  SignInPanel: Component
  /** Rendered with `AuthUserMenuProps`; emits `signed-out` when the user is signed out. */
  UserMenu: Component
  LockPage?: Component
}

/**
 * Core's sign-out: asks whether to remove this device's copy of the account's data (workspace
 * databases, queued transfers, cached files, the user's own key), warning about changes not yet
 * synced; then calls `signOut` (the provider's own: end its session); then removes the data when
 * asked. Resolves `signedOut: false` when the user cancelled (nothing happened). When `signOut`
 * fails, core tells the user and passes the error on, and no data is removed: a menu needs no
 * message of its own.
 */
export type SignOutFlow = (signOut: () => Promise<void>) => Promise<{ signedOut: boolean; removedDeviceData: boolean }>

/** What core passes to an auth provider's `UserMenu`. */
export interface AuthUserMenuProps {
  user: { email?: string; displayName?: string } | null
  /** Every provider signs out through it, so none re-implements the device-data step. */
  signOutFlow: SignOutFlow
}

/** Client-side tokens for direct providers (e.g. a Convex JWT minted by Clerk). */
export interface AuthTokenBroker {
  readonly id: string
  getToken(request: { providerId: string; template?: string }): Promise<string | null>
}
