import type { SignOutFlow } from 'or3-provider-kit'
import { shallowRef } from 'vue'
import type { DeviceDataSummary } from '~/core/auth/device-data'
import { createSignOutFlow, type SignOutChoice } from '~/core/auth/sign-out-flow'
import { useOr3Session } from './useOr3Session'
import { useUserDeviceDb } from './useUserDeviceDb'
import { useWorkspaceDb } from './useWorkspaceDb'

export interface SignOutQuestion {
  summary: DeviceDataSummary
  /** The server keeps a synced copy of the chats. */
  syncEnabled: boolean
  answer(choice: SignOutChoice): void
}

/** The question SignOutDialog shows; one at a time per page. */
const question = shallowRef<SignOutQuestion | null>(null)

export function useSignOutQuestion() {
  return question
}

/**
 * The sign-out flow core hands to the auth provider's user menu (kit `AuthUserMenuProps`): it
 * asks in SignOutDialog whether to remove this device's copy of the account's data, then signs
 * out with the provider's own `signOut`, then removes the data when asked. When the provider's
 * sign-out fails, core tells the user (so no menu has to) and passes the error on.
 */
export function useSignOutFlow(): SignOutFlow {
  const { data } = useOr3Session()
  const { manager, holdClosedFor } = useWorkspaceDb()
  const userDevice = useUserDeviceDb()
  const toast = useToast()
  return async (providerSignOut) => {
    const signOut = async () => {
      try {
        await providerSignOut()
      } catch (error) {
        toast.add({ color: 'error', icon: 'i-lucide-circle-alert', title: 'Signing out failed: check your connection and try again' })
        throw error
      }
    }
    const outcome = await run(signOut)
    // Removal ends after the provider's sign-in screen is back: say when it is done.
    if (outcome.removedDeviceData) toast.add({ color: 'success', icon: 'i-lucide-check', title: "Signed out, and this account's data was removed from this browser" })
    // The open thread was the previous account's: whoever signs in next starts on a new chat.
    if (outcome.signedOut) await navigateTo('/')
    return outcome
  }

  async function run(signOut: () => Promise<void>): ReturnType<SignOutFlow> {
    const info = data.value
    if (!info?.user || !manager) {
      await signOut()
      return { signedOut: true, removedDeviceData: false }
    }
    const userId = info.user.id
    const flow = createSignOutFlow({
      userId,
      async listWorkspaceIds() {
        try {
          return (await manager.list()).workspaces.map((workspace) => workspace.id)
        } catch {
          // Offline: at least the workspace open here.
          return manager.current?.workspaceId ? [manager.current.workspaceId] : []
        }
      },
      ask: (summary) =>
        new Promise<SignOutChoice>((resolve) => {
          question.value = {
            summary,
            syncEnabled: info.surfaces.sync.enabled,
            answer(choice) {
              question.value = null
              resolve(choice)
            },
          }
        }),
      async closeLocalData() {
        await manager.close()
        await userDevice.close()
      },
    })
    return flow(async () => {
      // From the provider's sign-out on, a late session answer must not reopen this account's data.
      const release = holdClosedFor?.(userId)
      try {
        await signOut()
      } catch (error) {
        release?.()
        throw error
      }
    })
  }
}
