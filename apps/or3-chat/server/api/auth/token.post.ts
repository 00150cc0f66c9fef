import type { Or3CloudConfig } from 'or3-provider-kit'
import { z } from 'zod'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'

const tokenRequestSchema = z
  .object({ providerId: z.string().min(1).max(64), template: z.string().min(1).max(64).optional() })
  .strict()

/**
 * A token for another provider, minted by the auth provider's broker (null when it mints none).
 * Only for a provider this deployment runs: a token nothing here consumes is only something a
 * stolen session could take elsewhere (an auth instance may be shared with other apps).
 */
export default defineCoreHandler({
  surface: 'cloud',
  input: { body: tokenRequestSchema },
  access: { kind: 'signed-in' },
  async handle({ event, input, providers, config }) {
    if (!providers.tokenBroker || !runsProvider(config, input.body.providerId)) return { token: null }
    const token = await providers.tokenBroker.getToken(event, { providerId: input.body.providerId, template: input.body.template })
    return { token }
  },
})

function runsProvider(config: Or3CloudConfig, providerId: string): boolean {
  return [
    config.auth.workspaceProvider,
    config.sync.provider,
    config.storage.provider,
    config.limits.storageProvider,
    config.backgroundStreaming.storageProvider,
  ].includes(providerId)
}
