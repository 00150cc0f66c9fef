import { ProviderError, type AuthUserAdmin } from 'or3-provider-kit'
import { z } from 'zod'
import type { ActiveProviders } from '../providers/active-providers'
import type { Or3Session } from '../session/session-context'

/** An account id of the auth provider, in a route param. */
export const accountParamsSchema = z.object({ id: z.string().min(1).max(200) }).strict()

/** The auth provider's account management, or a sentence saying where accounts are managed instead. */
export function requireUserAdmin(providers: ActiveProviders): AuthUserAdmin {
  const users = providers.auth?.users
  if (!users) {
    throw new ProviderError(
      'NOT_FOUND',
      `Accounts of the '${providers.auth?.id ?? 'configured'}' sign-in provider are managed in its own dashboard, not here`,
    )
  }
  return users
}

/** The admin may not lock themselves out: disabling or deleting their own account is refused. */
export function refuseOwnAccount(session: Or3Session, providers: ActiveProviders, accountId: string): void {
  if (session.provider === providers.auth?.id && session.providerUserId === accountId) {
    throw new ProviderError('CONFLICT', 'This is your own account: another admin would have to do this')
  }
}
