import { auditAdminAction } from '../../../core/admin/audit-log'
import { accountParamsSchema, refuseOwnAccount, requireUserAdmin } from '../../../core/admin/user-admin'
import { defineCoreHandler } from '../../../core/pipeline/define-core-handler'

/** Deletes an account from the auth provider; its sessions end with it. */
export default defineCoreHandler({
  surface: 'cloud',
  input: { params: accountParamsSchema },
  access: { kind: 'admin' },
  async handle({ input, providers, session }) {
    const users = requireUserAdmin(providers)
    refuseOwnAccount(session, providers, input.params.id)
    await users.deleteUser(input.params.id)
    auditAdminAction(session, 'user.delete', input.params.id)
    return { id: input.params.id, deleted: true }
  },
})
