import type { SessionResponse } from 'or3-provider-kit'
import type { WorkspaceManager } from './workspace-manager'

/** What following needs of the session answer. */
export type FollowedSession = Pick<SessionResponse, 'cloudEnabled' | 'authenticated' | 'user' | 'workspace'>

export interface SessionFollower {
  /** Opens the database that matches the server's view of the caller. */
  follow(info: FollowedSession): Promise<void>
  /**
   * Keeps `userId`'s workspaces closed while that account signs out: until the server answers
   * "signed out", an answer that still names the account is one from before the sign-out took
   * effect (a provider's token stays valid for its short lifetime), and opening its workspace
   * would bring back the database the sign-out is removing. Returns the release, for a sign-out
   * that failed.
   */
  holdClosedFor(userId: string): () => void
}

export function createSessionFollower(manager: WorkspaceManager): SessionFollower {
  let signingOut: string | null = null
  return {
    async follow(info) {
      if (signingOut !== null) {
        if (info.authenticated && info.user?.id === signingOut) return
        signingOut = null
      }
      if (!info.cloudEnabled) await manager.openLocal()
      else if (!info.authenticated) await manager.close()
      else if (info.workspace) await manager.openWorkspace(info.workspace.id)
      else await manager.openActive()
    },
    holdClosedFor(userId) {
      signingOut = userId
      return () => {
        if (signingOut === userId) signingOut = null
      }
    },
  }
}
