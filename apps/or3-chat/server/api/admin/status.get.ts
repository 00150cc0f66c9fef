import type { ProviderStatus } from 'or3-provider-kit'
import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { describeFallback, describeProviders, findFallbacks } from '../../core/boot/check-providers'
import { upstreamHost } from '../../core/llm/upstream-client'
import { recentUpstreamFaults } from '../../core/llm/upstream-faults'
import { countOpenStreams } from '../../core/sse/open-streams'
import { countLocalRuns } from '../../core/jobs/local-job-runs'

/**
 * Provider health for the deployment admin, the LLM upstream's recent faults in operator terms
 * (what users were only told to report), and this process's open event streams against the
 * per-user cap, the registration mode, rate limits and background jobs. Carries no secret: ids, flags, counts, redacted details.
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
      summary: describeProviders(config, providers),
      strict: config.strict,
      // Lenient mode only: configured providers that are not installed, and what runs instead.
      fallbacks: findFallbacks(config, providers).map((fallback) => ({ ...fallback, message: describeFallback(fallback) })),
      providers: statuses,
      llm: {
        upstream: upstreamHost(config.llm.baseUrl),
        hasInstanceKey: config.llm.hasInstanceKey,
        endpoints: config.llm.endpoints.map((endpoint) => ({
          id: endpoint.id,
          upstream: upstreamHost(endpoint.baseUrl),
          hasInstanceKey: endpoint.hasInstanceKey,
        })),
        recentFaults: recentUpstreamFaults(),
      },
      eventStreams: { ...countOpenStreams(), maxPerUser: config.eventStreams.maxPerUser },
      registration: config.auth.registration,
      limits: {
        enabled: config.limits.enabled,
        perMinute: config.limits.perMinute,
        perDay: config.limits.perDay,
        store: config.limits.storageProvider,
      },
      jobs: {
        enabled: config.backgroundStreaming.enabled,
        // Generations running in this process; other instances count their own.
        runningHere: countLocalRuns(),
        maxConcurrentPerUser: config.backgroundStreaming.maxConcurrentJobs,
        timeoutMs: config.backgroundStreaming.jobTimeoutMs,
        store: config.backgroundStreaming.storageProvider,
      },
    }
  },
})
