import type { ProviderStatus } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { describeProviders } from '../../core/boot/check-providers'

/** Provider health for the deployment admin. Carries no secret: only ids, flags and warnings. */
export default defineCoreHandler({
  surface: 'cloud',
  access: { kind: 'admin' },
  async handle({ config, providers }) {
    const statuses = await Promise.all(
      providers.admin.map(async (adapter): Promise<ProviderStatus> => {
        try {
          return await adapter.getStatus()
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          return { id: adapter.id, kind: 'unknown', configured: true, healthy: false, warnings: [message] }
        }
      }),
    )
    return {
      summary: describeProviders(config),
      strict: config.strict,
      providers: statuses,
    }
  },
})
