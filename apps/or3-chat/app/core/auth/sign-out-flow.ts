import type { SignOutFlow } from 'or3-provider-kit'
import { removeDeviceData, summarizeDeviceData, type DeviceDataSummary } from './device-data'

export type SignOutChoice = 'keep' | 'remove' | 'cancel'

export interface SignOutFlowDeps {
  /** The signed-in account. */
  userId: string
  /** Its workspaces (their databases are the ones to remove); the open one at least. */
  listWorkspaceIds(): Promise<string[]>
  /** Asks the user, showing what this device holds and what only it has. */
  ask(summary: DeviceDataSummary): Promise<SignOutChoice>
  /** Closes this page's databases first, so deleting them is not blocked. */
  closeLocalData(): Promise<void>
}

/**
 * Core's sign-out, which every auth provider's user menu runs (kit `SignOutFlow`): ask, sign out
 * with the provider, then, if asked, delete the account's databases in this browser. Signing
 * out comes first: when it fails, nothing is removed and the error reaches the menu.
 */
export function createSignOutFlow(deps: SignOutFlowDeps): SignOutFlow {
  return async (signOut) => {
    const summary = await summarizeDeviceData({ userId: deps.userId, workspaceIds: await deps.listWorkspaceIds() })
    const choice = await deps.ask(summary)
    if (choice === 'cancel') return { signedOut: false, removedDeviceData: false }
    await signOut()
    if (choice === 'keep') return { signedOut: true, removedDeviceData: false }
    await deps.closeLocalData()
    await removeDeviceData(summary.databases)
    return { signedOut: true, removedDeviceData: true }
  }
}
