import type { SessionResponse } from 'or3-provider-kit'
import { effectScope, shallowReadonly, shallowRef, watch } from 'vue'
import { migrateWorkspaceSettings } from '~/core/settings/migrate-workspace-settings'
import { openUserDeviceDatabase, type UserDeviceDatabase } from '~/core/settings/user-device-store'
import { useOr3Session } from './useOr3Session'
import { useWorkspaceDb } from './useWorkspaceDb'

// One per browser tab, like the workspace database.
const current = shallowRef<UserDeviceDatabase | null>(null)
let following = false
let queue: Promise<unknown> = Promise.resolve()

/** The user whose settings this page shows: undefined while unknown, null in local-only mode. */
function userOf(info: SessionResponse | null | undefined): string | null | undefined {
  if (!info) return undefined
  if (!info.cloudEnabled) return null
  return info.authenticated && info.user ? info.user.id : undefined
}

function follow(userId: string | null | undefined) {
  queue = queue.then(async () => {
    const open = current.value
    if (open && userId !== undefined && open.userId === userId) return
    current.value = null
    open?.close()
    if (userId !== undefined) current.value = await openUserDeviceDatabase(userId)
  }).catch(() => undefined)
}

/**
 * The signed-in user's own database on this device (their key, default model, model list). It
 * follows the session: another account gets its own, signing out closes it. Settings earlier
 * versions kept in a workspace are moved here when that workspace opens.
 */
export function useUserDeviceDb() {
  if (import.meta.client && !following) {
    following = true
    const { data } = useOr3Session()
    const { session } = useWorkspaceDb()
    effectScope(true).run(() => {
      watch(() => userOf(data.value), follow, { immediate: true })
      watch([current, session], ([user, workspace]) => {
        if (user && workspace) void migrateWorkspaceSettings(workspace.db, workspace.writer, user).catch(() => undefined)
      }, { immediate: true })
    })
  }
  return {
    db: shallowReadonly(current),
    /** Closes the database (before it is deleted at sign-out); it reopens when a user signs in. */
    async close() {
      follow(undefined)
      await queue
    },
  }
}
