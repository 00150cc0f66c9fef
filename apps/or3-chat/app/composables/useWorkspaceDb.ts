import type { ServerSurfaces, SessionResponse } from 'or3-provider-kit'
import { computed, effectScope, shallowReadonly, shallowRef, watch, type ShallowRef } from 'vue'
import { createSessionFollower, type SessionFollower } from '~/core/workspace/follow-session'
import { createWorkspaceManager, type WorkspaceManager } from '~/core/workspace/workspace-manager'
import { deleteWorkspaceDatabase, openWorkspaceSession, type WorkspaceSession } from '~/core/workspace/workspace-session'
import { useOr3Session } from './useOr3Session'
import { useWorkspaceApi } from './useWorkspaceApi'

interface WorkspaceDbState {
  manager: WorkspaceManager
  follower: SessionFollower
  /** What the server runs, from the last session answer: which sync and storage clients to open. */
  surfaces: ServerSurfaces | null
  session: ShallowRef<WorkspaceSession | null>
  /** Why the workspace could not be opened, for the UI to show. */
  error: ShallowRef<string | null>
}

// One manager per browser tab: every component sees the same open workspace.
let state: WorkspaceDbState | null = null

function createState(): WorkspaceDbState {
  const session = shallowRef<WorkspaceSession | null>(null)
  const error = shallowRef<string | null>(null)
  const manager = createWorkspaceManager({
    api: useWorkspaceApi(),
    // Only what the server runs, each through the client it names (gateway or the provider's own).
    openSession: (workspaceId) => {
      const { sync, storage } = state.surfaces ?? { sync: null, storage: null }
      return openWorkspaceSession(workspaceId, {
        syncEnabled: sync?.enabled ?? false,
        storageEnabled: storage?.enabled ?? false,
        sync: { providerId: sync?.provider, mode: sync?.mode },
        storage: { providerId: storage?.provider, mode: storage?.mode },
      })
    },
    deleteLocalData: (workspaceId) => deleteWorkspaceDatabase(workspaceId),
  })
  const state: WorkspaceDbState = { surfaces: null, session, error, manager, follower: createSessionFollower(manager) }
  state.manager.subscribe((open) => {
    session.value = open
  })
  // The browser knows before our backoff does when the network is back.
  window.addEventListener('online', () => state.manager.current?.sync?.reconnect())
  return state
}

/** Opens the database that matches the server's view of the caller. */
async function followSession(state: WorkspaceDbState, info: SessionResponse | null | undefined) {
  if (!info) return
  const { error } = state
  state.surfaces = info.surfaces
  try {
    await state.follower.follow(info)
    error.value = null
  } catch (e) {
    error.value = e instanceof Error ? e.message : String(e)
  }
}

const OPEN_TIMEOUT_MS = 15_000

function whenOpen(session: ShallowRef<WorkspaceSession | null>): Promise<WorkspaceSession> {
  if (session.value) return Promise.resolve(session.value)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error('No workspace is open yet: reload the page if this persists'))
    }, OPEN_TIMEOUT_MS)
    const stop = watch(session, (open) => {
      if (!open) return
      clearTimeout(timer)
      stop()
      resolve(open)
    })
  })
}

/**
 * The open workspace for the UI: its database (for Dexie queries), the writer (the only way to
 * change synced rows), the sync engine and the storage queue. It follows the auth session: local
 * mode opens `or3-local`, signing in opens the active workspace, switching reopens.
 */
export function useWorkspaceDb() {
  if (import.meta.client && !state) {
    const created = createState()
    state = created
    const { data } = useOr3Session()
    effectScope(true).run(() => watch(data, (info) => void followSession(created, info), { immediate: true }))
  }
  const session = state?.session ?? shallowRef<WorkspaceSession | null>(null)
  return {
    session: shallowReadonly(session),
    /** The open workspace, once it is open: right after sign-in the UI is up before its database. */
    whenOpen: () => whenOpen(session),
    db: computed(() => session.value?.db ?? null),
    writer: computed(() => session.value?.writer ?? null),
    sync: computed(() => session.value?.sync ?? null),
    storage: computed(() => session.value?.storage ?? null),
    error: shallowReadonly(state?.error ?? shallowRef<string | null>(null)),
    /** list / create / rename / remove / switchTo; null during server rendering. */
    manager: state?.manager ?? null,
    /** Keeps an account's workspaces closed while it signs out (see SessionFollower); null during server rendering. */
    holdClosedFor: state ? (userId: string) => state!.follower.holdClosedFor(userId) : null,
  }
}
