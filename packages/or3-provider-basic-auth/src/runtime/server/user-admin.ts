import type { AuthUserAdmin, AuthUserSummary } from 'or3-provider-kit'
import { BASIC_AUTH_RESET_PAGE } from '../shared/wire'
import type { Account } from './account-store'
import type { AuthService } from './auth-service'

/** The kit's optional account management, over basic-auth's own accounts. */
export function createBasicAuthUserAdmin(service: AuthService): AuthUserAdmin {
  return {
    async listUsers({ query, limit }) {
      return service.users.list(query?.trim() ?? '', limit).map(summaryOf)
    },
    async setDisabled(accountId, disabled) {
      service.users.setDisabled(accountId, disabled)
    },
    async deleteUser(accountId) {
      service.users.delete(accountId)
    },
    async createPasswordResetLink(accountId) {
      const { token, expiresAt } = service.users.createPasswordResetLink(accountId)
      // In the fragment: browsers never send it to a server, so no access log records it.
      return { path: `${BASIC_AUTH_RESET_PAGE}#token=${token}`, expiresAt: new Date(expiresAt).toISOString() }
    },
  }
}

function summaryOf(account: Account): AuthUserSummary {
  return {
    providerUserId: account.id,
    email: account.email,
    displayName: account.displayName,
    createdAt: new Date(account.createdAt).toISOString(),
    disabled: account.disabledAt !== null,
  }
}
