import { ProviderError } from 'or3-provider-kit'
import { auditAdminAction } from '../../../../core/admin/audit-log'
import { accountParamsSchema, requireUserAdmin } from '../../../../core/admin/user-admin'
import { defineCoreHandler } from '../../../../core/pipeline/define-core-handler'

/** A single-use password-reset link for the account, shown to the admin once (the audit line omits it). */
export default defineCoreHandler({
  surface: 'cloud',
  input: { params: accountParamsSchema },
  access: { kind: 'admin' },
  async handle({ input, providers, session }) {
    const users = requireUserAdmin(providers)
    if (!users.createPasswordResetLink) {
      throw new ProviderError('NOT_FOUND', `The '${providers.auth?.id}' sign-in provider has no passwords to reset`)
    }
    const link = await users.createPasswordResetLink(input.params.id)
    auditAdminAction(session, 'user.reset-link', input.params.id)
    return link
  },
})
