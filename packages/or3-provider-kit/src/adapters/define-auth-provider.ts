import type { H3Event } from 'h3'
import type { AuthProvider, AuthUserAdmin } from '../contracts/server.ts'
import { ProviderError } from '../errors.ts'
import { providerSessionSchema, type ProviderSession } from '../schemas/session.ts'
import { withMappedErrors, type AdapterOptions } from './define-adapter.ts'

export interface AuthProviderImplementation extends AdapterOptions {
  getSession(event: H3Event): ProviderSession | null | Promise<ProviderSession | null>
  /** Account management, when the provider keeps its own accounts. */
  users?: AuthUserAdmin
}

/**
 * An AuthProvider whose answer core can trust: backend failures mapped through `mapError` (a
 * busy accounts database is UNAVAILABLE, not a crash), and a session that is not the contract's
 * shape refused as the provider's fault (INTERNAL) instead of signing someone in with it.
 */
export function defineAuthProvider(implementation: AuthProviderImplementation): AuthProvider {
  return {
    id: implementation.id,
    ...(implementation.users ? { users: mapUserAdminErrors(implementation.users, implementation.mapError) } : {}),
    getSession: (event) =>
      withMappedErrors(implementation.mapError, async () => {
        const session = await implementation.getSession(event)
        if (session === null) return null
        const parsed = providerSessionSchema.safeParse(session)
        if (!parsed.success) {
          throw new ProviderError('INTERNAL', `The '${implementation.id}' auth provider answered a session that is not valid`)
        }
        return parsed.data
      }),
  }
}

/** The same backend-error mapping for every account-management call. */
function mapUserAdminErrors(users: AuthUserAdmin, mapError: AdapterOptions['mapError']): AuthUserAdmin {
  const { createPasswordResetLink } = users
  return {
    listUsers: (request) => withMappedErrors(mapError, () => users.listUsers(request)),
    setDisabled: (id, disabled) => withMappedErrors(mapError, () => users.setDisabled(id, disabled)),
    deleteUser: (id) => withMappedErrors(mapError, () => users.deleteUser(id)),
    ...(createPasswordResetLink
      ? { createPasswordResetLink: (id: string) => withMappedErrors(mapError, () => createPasswordResetLink.call(users, id)) }
      : {}),
  }
}
