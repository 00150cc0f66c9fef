import type { H3Event } from 'h3'
import { isProviderError, type LlmEndpointConfig, type ModelListResponse, type Or3CloudConfig } from 'or3-provider-kit'
import { parseModelRef, qualifyModelId } from '#shared/llm/model-ref'
import { endpointTarget } from './resolve-llm-target'
import { listUpstreamModels } from './upstream-model-list'

type ModelEntry = ModelListResponse['models'][number]

/**
 * `GET /api/models` for every endpoint. One endpoint answers exactly as before (plain ids). With
 * several, each model is `<endpoint>::<id>` and carries its endpoint, so the picker can group
 * them; an endpoint whose list fails is reported in `unavailable` while the others still list
 * (only when every endpoint fails does the request fail, with the first endpoint's error).
 */
export async function listEndpointModels(event: H3Event, config: Or3CloudConfig): Promise<ModelListResponse> {
  const { endpoints, defaultModel } = config.llm
  if (endpoints.length === 1) {
    const models = await modelsOf(event, config, endpoints[0]!)
    return { models, defaultModel }
  }
  const results = await Promise.allSettled(endpoints.map((endpoint) => modelsOf(event, config, endpoint)))
  if (results.every((result) => result.status === 'rejected')) throw (results[0] as PromiseRejectedResult).reason
  const models: ModelEntry[] = []
  const unavailable: Array<{ endpoint: string; message: string }> = []
  results.forEach((result, i) => {
    const endpoint = endpoints[i]!
    if (result.status === 'fulfilled') {
      for (const model of result.value) models.push({ ...model, id: qualifyModelId(endpoint.id, model.id), endpoint: endpoint.id })
    } else {
      unavailable.push({ endpoint: endpoint.id, message: messageOf(result.reason) })
    }
  })
  const ref = parseModelRef(defaultModel, endpoints.map((endpoint) => endpoint.id))
  return {
    models,
    defaultModel: qualifyModelId(ref.endpointId, ref.upstreamModel),
    endpoints: endpoints.map((endpoint) => ({ id: endpoint.id, label: endpoint.label })),
    ...(unavailable.length > 0 ? { unavailable } : {}),
  }
}

/** The operator's fixed list when there is one (no upstream call, no key needed), else the upstream's. */
export async function modelsOf(event: H3Event, config: Or3CloudConfig, endpoint: LlmEndpointConfig): Promise<ModelEntry[]> {
  if (endpoint.models) return endpoint.models.map((id) => ({ id, name: null, contextLength: null }))
  return listUpstreamModels(endpointTarget(event, config, endpoint))
}

export function messageOf(error: unknown): string {
  // A ProviderError's message is written for the user; anything else stays in the server.
  return isProviderError(error) ? error.message : 'The model list could not be read.'
}
