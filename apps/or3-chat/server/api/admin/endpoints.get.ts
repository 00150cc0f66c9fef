import { defineCoreHandler } from '../../core/pipeline/define-core-handler'
import { messageOf, modelsOf } from '../../core/llm/list-endpoint-models'
import { upstreamHost } from '../../core/llm/upstream-client'

/** How many model ids the admin page shows per endpoint; the count says how many there are. */
const SAMPLE_SIZE = 8

/**
 * Every LLM endpoint as the deployment admin needs it: reachable or not (its model list read
 * with the instance key, or the operator's fixed list), how many models it offers, and a few of
 * their ids. Hosts only, never a key or a full base URL with credentials.
 */
export default defineCoreHandler({
  surface: 'cloud',
  access: { kind: 'admin' },
  async handle({ event, config }) {
    const endpoints = await Promise.all(
      config.llm.endpoints.map(async (endpoint) => {
        const base = {
          id: endpoint.id,
          label: endpoint.label,
          upstream: upstreamHost(endpoint.baseUrl),
          hasInstanceKey: endpoint.hasInstanceKey,
          userKeyPolicy: endpoint.userKeyPolicy,
          modelSource: endpoint.models ? ('configured' as const) : ('upstream' as const),
        }
        try {
          const models = await modelsOf(event, config, endpoint)
          return { ...base, reachable: true, modelCount: models.length, sampleModels: models.slice(0, SAMPLE_SIZE).map((m) => m.id), problem: null }
        } catch (error) {
          return { ...base, reachable: false, modelCount: 0, sampleModels: [], problem: messageOf(error) }
        }
      }),
    )
    return { defaultModel: config.llm.defaultModel, endpoints }
  },
})
