import { z } from 'zod'
import { auditAdminAction } from '../../../../core/admin/audit-log'
import { accountParamsSchema, refuseOwnAccount, requireUserAdmin } from '../../../../core/admin/user-admin'
import { defineCoreHandler } from '../../../../core/pipeline/define-core-handler'

/** Disables an account (no sign-in, its sessions end at once) or enables it again. */
export default defineCoreHandler({
  surface: 'cloud',
  input: { params: accountParamsSchema, body: z.object({ disabled: z.boolean() }).strict() },
  access: { kind: 'admin' },
  async handle({ input, providers, session }) {
    const users = requireUserAdmin(providers)
    refuseOwnAccount(session, providers, input.params.id)
    await users.setDisabled(input.params.id, input.body.disabled)
    auditAdminAction(session, input.body.disabled ? 'user.disable' : 'user.enable', input.params.id)
    return { id: input.params.id, disabled: input.body.disabled }
  },
})
