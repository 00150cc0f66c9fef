import { z } from 'zod'
import { defineCoreHandler } from '../../../core/pipeline/define-core-handler'

const MAX_LISTED = 50

/**
 * The auth provider's accounts for the admin page, searched by email or name. A provider that
 * keeps no accounts here (Clerk) answers `managedHere: false`, and the page points to its dashboard.
 */
export default defineCoreHandler({
  surface: 'cloud',
  input: { query: z.object({ query: z.string().max(200).optional() }) },
  access: { kind: 'admin' },
  async handle({ input, providers, session }) {
    const users = providers.auth?.users
    const provider = providers.auth?.id ?? null
    if (!users) return { provider, managedHere: false, canResetPasswords: false, users: [], you: null }
    return {
      provider,
      managedHere: true,
      canResetPasswords: Boolean(users.createPasswordResetLink),
      users: await users.listUsers({ query: input.query.query, limit: MAX_LISTED }),
      you: session.provider === provider ? session.providerUserId : null,
    }
  },
})
