import {
  ProviderError,
  type CreateWorkspaceRequest,
  type ListWorkspacesResponse,
  type UpdateWorkspaceRequest,
  type WorkspaceApi,
  type WorkspaceSummary,
} from 'or3-provider-kit'
import type { WorkspaceSession } from './workspace-session'

export interface WorkspaceManagerOptions {
  /** Every workspace operation goes through the WorkspaceApi (core's gateway one by default). */
  api: Pick<WorkspaceApi, 'list' | 'create' | 'update' | 'remove' | 'setActive'>
  /** Opens the database, sync engine and storage queue of a workspace (null: local-only mode). */
  openSession(workspaceId: string | null): Promise<WorkspaceSession>
  /** Deletes the local database of a workspace that no longer exists. */
  deleteLocalData(workspaceId: string): Promise<void>
}

export interface WorkspaceManager {
  /** The open session, or null before the first open and after close. */
  readonly current: WorkspaceSession | null
  /** Calls `listener` now and whenever the open session changes. */
  subscribe(listener: (session: WorkspaceSession | null) => void): () => void
  list(): Promise<ListWorkspacesResponse>
  create(input: CreateWorkspaceRequest): Promise<WorkspaceSummary>
  rename(workspaceId: string, name: string): Promise<WorkspaceSummary>
  update(workspaceId: string, patch: UpdateWorkspaceRequest): Promise<WorkspaceSummary>
  /** Deletes a workspace; when it was open, opens the one the server makes active instead. */
  remove(workspaceId: string): Promise<void>
  /** Makes a workspace active on the server and opens it here; the old one stops syncing. */
  switchTo(workspaceId: string): Promise<WorkspaceSession>
  /** Opens the workspace the server says is active (after sign-in or a reload). */
  openActive(): Promise<WorkspaceSession>
  /** Opens a workspace already active on the server (e.g. switched in another tab); no-op when open. */
  openWorkspace(workspaceId: string): Promise<WorkspaceSession>
  /** Opens local-only mode (no account). */
  openLocal(): Promise<WorkspaceSession>
  close(): Promise<void>
}

/**
 * Which workspace is open on this device. Opening one closes the previous session first (its sync
 * engine stops, its transfers are cancelled, its database closes), so two workspaces never mix.
 * Opens and closes run one at a time, in call order.
 */
export function createWorkspaceManager(options: WorkspaceManagerOptions): WorkspaceManager {
  const { api } = options
  let current: WorkspaceSession | null = null
  const listeners = new Set<(session: WorkspaceSession | null) => void>()
  let queue: Promise<unknown> = Promise.resolve()

  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step)
    queue = next.catch(() => undefined)
    return next
  }

  const setCurrent = (session: WorkspaceSession | null) => {
    current = session
    for (const listener of [...listeners]) listener(session)
  }

  function open(workspaceId: string | null): Promise<WorkspaceSession> {
    return serial(async () => {
      if (current && current.workspaceId === workspaceId) return current
      const previous = current
      if (previous) {
        setCurrent(null)
        await previous.close()
      }
      const session = await options.openSession(workspaceId)
      setCurrent(session)
      return session
    })
  }

  return {
    get current() {
      return current
    },
    subscribe(listener) {
      listeners.add(listener)
      listener(current)
      return () => listeners.delete(listener)
    },
    list: () => api.list(),
    create: (input) => api.create(input),
    rename: (workspaceId, name) => api.update(workspaceId, { name }),
    update: (workspaceId, patch) => api.update(workspaceId, patch),
    async remove(workspaceId) {
      await api.remove(workspaceId)
      if (current?.workspaceId === workspaceId) await this.openActive()
      await options.deleteLocalData(workspaceId)
    },
    async switchTo(workspaceId) {
      await api.setActive(workspaceId)
      return open(workspaceId)
    },
    async openActive() {
      const { activeWorkspaceId, workspaces } = await api.list()
      const target = activeWorkspaceId ?? workspaces.find((w) => w.isPersonal)?.id ?? workspaces[0]?.id
      if (!target) throw new ProviderError('NOT_FOUND', 'This account has no workspace: sign out and in again to create your personal one')
      return open(target)
    },
    openWorkspace: (workspaceId) => open(workspaceId),
    openLocal: () => open(null),
    close: () =>
      serial(async () => {
        const previous = current
        setCurrent(null)
        await previous?.close()
      }),
  }
}
