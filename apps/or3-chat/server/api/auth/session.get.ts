import type { SessionResponse } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { describeClientLimits, describeServerSurfaces } from '../../core/session/server-surfaces'

/**
 * Who is signed in, whether this server offers accounts at all, which surfaces it runs (and how
 * a browser reaches each), and the limits a client must respect. Never 401s.
 */
export default defineCoreHandler({
  surface: 'always',
  access: { kind: 'anyone' },
  rateLimit: false,
  async handle(context): Promise<SessionResponse> {
    const { session, config, providers } = context
    const base = {
      cloudEnabled: config.enabled,
      authProvider: config.auth.provider,
      surfaces: describeServerSurfaces(config, providers),
      limits: describeClientLimits(config),
    }
    if (!session) return { ...base, authenticated: false, user: null, workspace: null, expiresAt: null }
    const { user } = session
    // The membership carries the role too: one read, not two (a workspace store is present whenever a session is).
    const workspace = (await context.workspaces.listWorkspaces(user.id)).find((w) => w.id === session.activeWorkspaceId)
    return {
      ...base,
      authenticated: true,
      user: { id: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin },
      workspace: workspace ? { id: workspace.id, name: workspace.name, role: workspace.role } : null,
      expiresAt: session.expiresAt,
    }
  },
})
