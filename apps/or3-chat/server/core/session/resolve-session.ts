import type { H3Event } from 'h3'
import { ProviderError, type Or3CloudConfig } from 'or3-provider-kit'
import type { ActiveProviders } from '../providers/active-providers'
import type { Or3Session } from './session-context'

/**
 * AuthProvider → WorkspaceStore (user mapping, personal workspace) → session. Cached on the event,
 * so every step of a request sees the same answer and the providers are asked once. For a known
 * user the store answers by reads alone (the contract's promise), so a store that cannot write
 * still serves them.
 */
export function resolveSession(
  event: H3Event,
  config: Or3CloudConfig,
  providers: Pick<ActiveProviders, 'auth' | 'workspaces'>,
): Promise<Or3Session | null> {
  return (event.context.or3Session ??= loadSession(event, config, providers))
}

async function loadSession(
  event: H3Event,
  config: Or3CloudConfig,
  { auth, workspaces }: Pick<ActiveProviders, 'auth' | 'workspaces'>,
): Promise<Or3Session | null> {
  if (!config.enabled || !auth || !workspaces) return null
  const identity = await auth.getSession(event)
  if (!identity) return null
  if (Date.parse(identity.expiresAt) <= Date.now()) return null
  try {
    const { user } = await workspaces.getOrCreateUser({
      provider: identity.provider,
      providerUserId: identity.providerUserId,
      email: identity.email,
      displayName: identity.displayName,
      emailVerified: identity.emailVerified,
    })
    const personal = await workspaces.ensurePersonalWorkspace(user.id)
    const active = await workspaces.getActiveWorkspaceId(user.id)
    // A removed or left workspace must not stay active.
    const activeWorkspaceId =
      active && (await workspaces.getRole(user.id, active)) !== null ? active : personal.id
    return {
      provider: identity.provider,
      providerUserId: identity.providerUserId,
      user,
      emailVerified: identity.emailVerified === true,
      expiresAt: identity.expiresAt,
      personalWorkspaceId: personal.id,
      activeWorkspaceId,
    }
  } catch (error) {
    return onProvisioningFailure(config, error)
  }
}

function onProvisioningFailure(config: Or3CloudConfig, error: unknown): null {
  const reason = error instanceof Error ? error.message : String(error)
  switch (config.auth.sessionProvisioningFailure) {
    case 'unauthenticated':
      console.warn(`[or3] session provisioning failed, treating the caller as signed out: ${reason}`)
      return null
    case 'service-unavailable':
      console.error(`[or3] session provisioning failed: ${reason}`)
      throw new ProviderError('UNAVAILABLE', 'Your account could not be loaded right now; try again shortly', {
        retryAfterSeconds: 5,
        cause: error,
      })
    case 'throw':
      throw error
  }
}
