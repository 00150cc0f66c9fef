import type { ProviderStatus } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { describeProviders } from '../../core/boot/check-providers'
import { countOpenStreams } from '../../core/sse/open-streams'

/**
 * Provider health for the deployment admin, and this process's open event streams (sync
 * announcements, job output) against the per-user cap. Carries no secret: only ids, flags,
 * counts and warnings.
 */
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
      eventStreams: { ...countOpenStreams(), maxPerUser: config.eventStreams.maxPerUser },
    }
  },
})
