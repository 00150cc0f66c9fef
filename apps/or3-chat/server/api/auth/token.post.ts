import { z } from 'zod'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

const tokenRequestSchema = z
  .object({ providerId: z.string().min(1).max(64), template: z.string().min(1).max(64).optional() })
  .strict()

/** A token for another provider, minted by the auth provider's broker (null when it mints none). */
export default defineCoreHandler({
  surface: 'cloud',
  input: { body: tokenRequestSchema },
  access: { kind: 'signed-in' },
  async handle({ event, input, providers }) {
    const token = providers.tokenBroker
      ? await providers.tokenBroker.getToken(event, { providerId: input.body.providerId, template: input.body.template })
      : null
    return { token }
  },
})
